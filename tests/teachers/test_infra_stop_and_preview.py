"""Against real local HTTP servers (issue 20): a judge failing its first batch with HTTP 500s
and a 502, each with its own body, stops the run naming the status; `synthloop preview`
shows every record with its verdicts; `--dry-run` counts the judge and the top-up rounds."""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from synthloop.failures import InfraFailure, dominant_infra_error, stop_for
from tests.conftest import REPO, run_cli
from tests.teachers.openai_server import BatchServer


class ErrorServer(BatchServer):
    """Answers the first chat request HTTP 502 and every later one HTTP 500, each with a body
    of its own (as a failing server behind a gateway does)."""

    async def _chat(self, request: web.Request) -> web.Response:
        await request.read()
        n = sum(self.chats.values()) + 1
        self.chats[f"request {n}"] += 1
        return web.json_response({"error": f"internal failure #{n} at {time.time()}"},
                                 status=502 if n == 1 else 500)


@pytest.fixture
def error_server() -> Iterator[ErrorServer]:
    server = ErrorServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def chat_server() -> Iterator[BatchServer]:
    server = BatchServer()
    try:
        yield server
    finally:
        server.close()


def test_a_judge_failing_its_first_batch_with_http_500s_stops_the_run(
        error_server: ErrorServer, tmp_path: Path) -> None:
    spec = tmp_path / "judged.yaml"
    spec.write_text(textwrap.dedent(f"""
        name: judged
        seed: 1
        target: {{size: 40, taxonomy: [{{skill: money}}]}}
        teachers:
          j: {{backend: openai, base_url: '{error_server.base_url}', model: m, max_retries: 0}}
        stages:
          - {{use: generate.math_word_problems}}
          - {{use: validate.judge, teacher: j, answer: text, logprobs: false}}
        """))
    result = run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q")
    assert result.returncode == 4, result.stderr
    err = " ".join(result.stderr.split())
    # the 502 is one of the first batch's 4 unless a later batch's request came first
    assert re.search(r"error: first batch: stage 'validate.judge' failed [34] of 4 records with "
                     r"HTTP 500 \(HTTP 500: [34](, HTTP 502: 1)?\); e\.g\. teacher gave up: gave "
                     r"up after 1 attempts: HTTP 500: internal failure #", err), err
    assert "Stopped early: the endpoint is failing" in err and "Traceback" not in err
    assert sum(error_server.chats.values()) < 42  # not one request per slot


def test_dominance_needs_half_the_batch_and_groups_a_5xx_mix() -> None:
    def reason(status: int, body: str) -> str:
        return f"teacher gave up: gave up after 7 attempts: HTTP {status}: {body}"

    mix = [("j", reason(500, "a")), ("j", reason(500, "b")), ("j", reason(502, "c")),
           ("j", reason(502, "d"))]
    found = dominant_infra_error(mix, 4)
    assert found is not None and found.name == "HTTP 5xx"
    assert found.classes == (("HTTP 500", 2), ("HTTP 502", 2))
    assert dominant_infra_error(mix[:3], 8) is None  # 3 of 8: not dominated
    assert dominant_infra_error([("j", "labels under the wrong key")] * 4, 4) is None
    client = stop_for(dominant_infra_error(  # type: ignore[arg-type]
        [("j", f"teacher gave up: request rejected with HTTP 400: body {i}") for i in range(3)],
        3), "first batch")
    assert isinstance(client, InfraFailure) and client.exit_code == 2


def test_preview_of_the_math_example_shows_every_record_and_verdict(tmp_path: Path) -> None:
    started = time.monotonic()
    result = run_cli("preview", str(REPO / "examples" / "math.yaml"), "-n", "5",
                     env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    out = result.stdout.splitlines()
    assert [line.split()[2] for line in out if line.startswith("[")] == ["accepted"] * 5
    assert sum(line.startswith("  ✓ validate.answer_check.") for line in out) == 5
    assert sum(line.startswith("  question: ") for line in out) == 5
    assert re.fullmatch(r"preview: kept 5 of 5 records from 5 slots in \d+\.\d s", out[-1])
    progress = [line for line in result.stderr.splitlines() if "/5, kept " in line]
    assert [line.split(": ")[1].split(",")[0] for line in progress][:5] == [
        "1/5", "2/5", "3/5", "4/5", "5/5"]  # one line per record, though not a terminal
    assert list(tmp_path.glob("synthloop-preview-*")) == []  # the throwaway dir is gone


def test_preview_against_an_endpoint_exits_0_with_nothing_kept(chat_server: BatchServer,
                                                               tmp_path: Path) -> None:
    spec = tmp_path / "p.yaml"
    spec.write_text(textwrap.dedent(f"""
        name: p
        target: {{size: 50, taxonomy: [{{skill: cooking}}, {{skill: law}}]}}
        teachers:
          w: {{backend: openai, base_url: '{chat_server.base_url}', model: m}}
        stages:
          - {{use: generate.prompt, teacher: w, template: 'One tip about {{{{ skill }}}}.'}}
          - use: validate.rules
            fields: {{response: {{min_chars: 500}}}}
        """))
    started = time.monotonic()
    result = run_cli("preview", str(spec), "-n", "3", "--keep", env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30
    out = result.stdout.splitlines()
    assert sum(chat_server.chats.values()) == 3
    assert sum(line.startswith("  response: answer ") for line in out) == 3
    assert sum(line.startswith("  ✗ validate.rules.too_short: response has ") for line in out
               ) == 3
    assert re.fullmatch(r"preview: kept 0 of 3 records from 3 slots in \d+\.\d s; top reason: "
                        r"validate.rules.too_short \(3\)", out[-1])
    [kept] = tmp_path.glob("synthloop-preview-p-*")
    assert f"run dir kept: {kept}" in result.stdout


def test_dry_run_counts_the_judge_and_every_top_up_round(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text(textwrap.dedent("""
        name: dry
        target: {size: 4, taxonomy: [{skill: cooking}, {skill: law}], max_rounds: 3}
        teachers:
          w: {backend: openai, base_url: 'http://127.0.0.1:9/v1', model: m, max_tokens: 100}
          j: {backend: openai, base_url: 'http://127.0.0.1:9/v1', model: n, max_tokens: 50,
              temperature: 0.7}
        stages:
          - {use: generate.prompt, teacher: w, template: 'One question about {{ skill }}.'}
          - {use: validate.judge, teacher: j, samples: 3}
        """))
    result = run_cli("run", str(spec), "--dry-run", "--run-dir", str(tmp_path / "run"))
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()
            if line.startswith((" generate.prompt ", " validate.judge "))}
    # round 1: 6 slots; each top-up round at most 10 per cell (2 / yield floor 0.2): 2 x 20
    # more; every request repaired once: 2 x (6 + 40) = 92 per call a slot costs
    assert rows["generate.prompt"][:3] == ["w", "6", "92"]
    assert rows["validate.judge"][:3] == ["j", "18", "276"]  # 3 samples a record
    assert "at most 40 more slots" in result.stdout
    assert not (tmp_path / "run").exists()
