"""Endpoint negotiation: final errors sent once, structured output and log-probs stepped down
with one line, concurrency that a single-slot server can hold. Faults come from the
fault-injecting proxy; the real server is llama-cpp-python's, with the bundled model."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from synthloop.spec import OpenAITeacherSpec
from synthloop.store import RunStore
from synthloop.teachers import TeacherError, TeacherUnsupported, build_teacher
from synthloop.teachers.negotiate import blamed, is_final
from tests.conftest import SHARED_DATA, run_cli
from tests.teachers.conftest import MODEL_NAME
from tests.teachers.fault_proxy import FaultProxy

HELLO = [{"role": "user", "content": "Say hello in one short sentence."}]
PERSON = {"type": "object", "properties": {"name": {"type": "string"},
                                           "age": {"type": "integer"}},
          "required": ["name", "age"]}
NOWHERE = "http://127.0.0.1:9/v1"  # faults at rate 1 never reach the upstream
# llama-cpp-python 0.3.36's HTTP 500 to json_schema, as the teacher reads it
LLAMA_CPP_500 = "body.response_format.type: Input should be 'text' or 'json_object'"


def spec(url: str, **kw: Any) -> OpenAITeacherSpec:
    return OpenAITeacherSpec(**{"backend": "openai", "base_url": url, "model": MODEL_NAME,
                                "max_tokens": 24, "temperature": 0.0, **kw})


def test_final_errors_are_told_from_transient_ones() -> None:
    assert is_final(400, "bad request") and is_final(422, "") and is_final(413, "too long")
    assert not any(is_final(s, "slow down") for s in (408, 409, 429, 502, 503, 504))
    assert is_final(500, LLAMA_CPP_500)
    assert is_final(500, "response_format type should be 'text' or 'json_object'")
    assert is_final(500, "parameter 'x' is not supported")
    assert not is_final(500, "internal error")
    assert is_final(500, "internal error", previous=(500, "internal error"))
    assert not is_final(500, "internal error", previous=(500, "out of memory"))
    assert not is_final(503, "overloaded", previous=(503, "overloaded"))
    assert blamed(LLAMA_CPP_500, {"structured", "logprobs"}) == "structured"
    assert blamed(LLAMA_CPP_500, {"logprobs"}) is None
    assert blamed("logprobs are not supported", {"structured", "logprobs"}) == "logprobs"


@pytest.mark.parametrize(("fault", "reason", "detail"), [
    ("400", "HTTP 400", "bad request"),
    ("unsupported", "HTTP 500", "parameter 'frequency_penalty' is not supported"),
])
def test_a_final_error_is_sent_once_per_request(fault: str, reason: str, detail: str) -> None:
    async def go() -> None:
        with FaultProxy(NOWHERE, fault_rate=1.0, faults=(fault,)) as p:
            teacher = build_teacher("w", spec(p.url, max_retries=6))
            results = await asyncio.gather(*(teacher.chat(HELLO, stage="gen", sample_index=i)
                                             for i in range(3)), return_exceptions=True)
            await teacher.aclose()
            assert p.counts.received == 3  # one attempt each, no retry
            for err in results:
                assert isinstance(err, TeacherError)
                assert err.reason == (f"the server refused the request with {reason} (not "
                                      "retried: it would answer the same again)")
                assert err.last_error == detail
            assert teacher.retries == 0

    asyncio.run(go())


def test_the_same_500_twice_is_not_tried_a_third_time() -> None:
    async def go() -> None:
        with FaultProxy(NOWHERE, fault_rate=1.0, faults=("500",)) as p:
            teacher = build_teacher("w", spec(p.url, max_retries=6))
            with pytest.raises(TeacherError) as err:
                await teacher.chat(HELLO, stage="gen")
            await teacher.aclose()
            assert p.counts.received == 2
            assert str(err.value) == ("the server refused the request with HTTP 500 (not "
                                      "retried: it would answer the same again): internal "
                                      "error")

    asyncio.run(go())


def test_judge_eval_stops_once_and_cleanly_when_the_endpoint_refuses(tmp_path: Path) -> None:
    """A folder as the user names it, a file of only teachers:, and an endpoint that refuses
    the key: one error line and exit 4, no traceback from the requests still waiting."""
    with FaultProxy(NOWHERE, fault_rate=1.0, faults=("401",)) as p:
        teachers = tmp_path / "judge.yaml"
        teachers.write_text(f"teachers:\n  j: {{backend: openai, base_url: '{p.url}', "
                            f"model: m}}\n")
        proc = run_cli("judge-eval", str(SHARED_DATA / "hh-rlhf-harmless-test"), "--spec",
                       str(teachers), "--judge", "j", "--sample", "40")
    assert proc.returncode == 4, proc.stderr
    assert proc.stderr.count("error:") == 1, proc.stderr
    assert f"error: teacher 'j' at {p.url} is unreachable or refuses this run" in proc.stderr
    assert "Traceback" not in proc.stderr and "unhandled" not in proc.stderr, proc.stderr


# -- against llama-cpp-python's server ----------------------------------------------------
def test_structured_output_steps_down_to_what_llama_cpp_takes(proxy: FaultProxy,
                                                               tmp_path: Path) -> None:
    async def go() -> None:
        store = RunStore(tmp_path / "run.db")
        teacher = build_teacher("w", spec(proxy.url, max_tokens=40), store=store)
        answers = await asyncio.gather(*(teacher.chat(
            [{"role": "user", "content": "Invent a person as JSON."}], stage="gen",
            schema=PERSON, sample_index=i) for i in range(3)))
        await teacher.aclose()
        for answer in answers:
            assert isinstance(answer.parsed["name"], str)
            assert isinstance(answer.parsed["age"], int)
        forms = [json.loads(b)["response_format"]["type"] for b in proxy.counts.bodies]
        # the first requests (at most the starting concurrency) learnt it; the rest knew
        assert 1 <= forms.count("json_schema") <= 2 and forms[-1] == "json_object"
        line = (f"teacher 'w' at {proxy.url}: the server refused structured output as "
                f"json_schema ({LLAMA_CPP_500}); using json_object from now on (set "
                "structured_output: json_object to skip this step)")
        assert teacher.caps.notes == [line]
        assert [e["message"] for e in store.events() if e["kind"] == "teacher"] == [line]

    asyncio.run(go())


def test_a_pinned_form_the_server_refuses_stops_with_the_fix(proxy: FaultProxy) -> None:
    async def go() -> None:
        teacher = build_teacher("w", spec(proxy.url, structured_output="json_schema"))
        with pytest.raises(TeacherUnsupported) as err:
            await teacher.chat(HELLO, stage="gen", schema=PERSON)
        await teacher.aclose()
        assert proxy.counts.received == 1
        assert str(err.value) == (
            f"teacher 'w': {proxy.url}/chat/completions refuses structured output as "
            f"json_schema (HTTP 500: {LLAMA_CPP_500}); set structured_output: auto so "
            "synthloop finds a form it takes")

    asyncio.run(go())


def test_log_probs_left_out_are_not_asked_again(llama_server: str) -> None:
    async def go() -> None:
        with FaultProxy(llama_server, strip_logprobs=True) as p:
            teacher = build_teacher("w", spec(p.url, max_tokens=4))
            assert teacher.supports("logprobs")
            first = await teacher.chat(HELLO, stage="gen", logprobs=True, top_logprobs=2)
            assert first.text and first.logprobs is None
            assert not teacher.supports("logprobs")
            await teacher.chat(HELLO, stage="gen", logprobs=True, sample_index=1)
            await teacher.aclose()
            asked = ["logprobs" in json.loads(b) for b in p.counts.bodies]
            assert asked == [True, False]
            assert teacher.caps.notes == [
                f"teacher 'w' at {p.url}: the server gives no log-probabilities (an answer "
                "came back without them although asked); judges score from parsed answers "
                "instead"]

    asyncio.run(go())


def test_a_single_slot_server_gets_two_requests_at_a_time(proxy: FaultProxy) -> None:
    """64 allowed, 12 wanted at once: the server (one slot) is never flooded, and nothing
    times out although the batch takes about twice the timeout: the time a request waits here
    for a slot is not part of its timeout. Idle, the limiter holds at two (the second request
    waits for the first, twice the reference latency); on a loaded machine a reference taken
    during a slow spell can let a queued request look clean once, so four is the bound (one
    slow-start doubling), far from the 12 a flood would send."""
    async def go() -> None:
        warm = build_teacher("w", spec(proxy.url, max_tokens=16))
        t0 = time.monotonic()
        await warm.chat(HELLO, stage="gen", sample_index=99)
        solo = time.monotonic() - t0
        await warm.aclose()
        timeout = max(6 * solo, 1.0)
        teacher = build_teacher("w", spec(proxy.url, max_concurrency=64, max_tokens=16,
                                          timeout_s=timeout, max_retries=0))
        t0 = time.monotonic()
        answers = await asyncio.gather(*(teacher.chat(HELLO, stage="gen", sample_index=i)
                                         for i in range(12)))
        wall = time.monotonic() - t0
        await teacher.aclose()
        assert all(a.text for a in answers)
        assert proxy.counts.max_in_flight <= 4, proxy.counts.max_in_flight
        assert teacher.limiter.peak <= 4 and teacher.retries == 0
        assert proxy.counts.abandoned == 0
        print(f"solo {solo:.2f} s, timeout {timeout:.2f} s, 12 requests in {wall:.2f} s, "
              f"peak in flight at the server {proxy.counts.max_in_flight}")

    asyncio.run(go())


@pytest.mark.parametrize("stage", [
    "{use: generate.prompt, teacher: w, template: 'Invent a person.', output_schema: "
    "{type: object, properties: {name: {type: string}, age: {type: integer}}, "
    "required: [name, age]}}",
    "{use: generate.prompt, teacher: w, template: 'Write a short question.'}\n"
    "  - {use: validate.judge, teacher: w, threshold: 1, max_tokens: 40}",
], ids=["output_schema", "validate.judge"])
def test_a_run_against_llama_cpp_names_the_step_down_once(proxy: FaultProxy, tmp_path: Path,
                                                           stage: str) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(f"""name: negotiated
target: {{size: 2}}
teachers:
  w: {{backend: openai, base_url: "{proxy.url}", model: {MODEL_NAME}, max_tokens: 48}}
stages:
  - {stage}
outputs: {{style: raw}}
""")
    proc = run_cli("run", str(spec_path), "--run-dir", str(tmp_path / "run"), "-q",
                   timeout=900)
    assert proc.returncode == 0, proc.stderr
    line = (f"teacher 'w' at {proxy.url}: the server refused structured output as json_schema "
            f"({LLAMA_CPP_500}); using json_object from now on")
    assert proc.stderr.count(line) == 1, proc.stderr
    assert proc.stderr.count("refused") == 1, proc.stderr
    status = run_cli("status", str(tmp_path / "run"))
    assert line in " ".join(status.stdout.split())  # the run event, as status shows it


def judged_or_unparsed(proc: subprocess.CompletedProcess[str]) -> None:
    """The bundled 135M judge may answer no pair in a parsable letter: the scoring ran."""
    assert "Traceback" not in proc.stderr, proc.stderr
    if proc.returncode == 2:
        assert proc.stderr.endswith("error: no judge answer parsed; nothing to score (see the "
                                    "judge's raw answers with a spec run of validate.judge)\n")
    else:
        assert proc.returncode == 0, proc.stderr
        assert "log-probs no" in proc.stdout


def test_judge_eval_calibrates_an_endpoint_without_log_probs(llama_server: str,
                                                             tmp_path: Path) -> None:
    """Log-probs left out: noticed once and judged from parsed letters; --no-logprobs: never
    asked."""
    teachers = tmp_path / "judge.yaml"
    data = str(SHARED_DATA / "hh-rlhf-harmless-test")
    with FaultProxy(llama_server, strip_logprobs=True) as p:
        teachers.write_text(f"teachers:\n  j: {{backend: openai, base_url: '{p.url}', "
                            f"model: {MODEL_NAME}, temperature: 0}}\n")
        auto = run_cli("judge-eval", data, "--spec", str(teachers), "--judge", "j",
                       "--sample", "1", timeout=900)
        asked = ["logprobs" in json.loads(b) for b in p.counts.bodies]
    judged_or_unparsed(auto)
    assert auto.stderr.count("the server gives no log-probabilities") == 1, auto.stderr
    assert asked[0] and not asked[-1]
    with FaultProxy(llama_server) as p:
        teachers.write_text(f"teachers:\n  j: {{backend: openai, base_url: '{p.url}', "
                            f"model: {MODEL_NAME}, temperature: 0}}\n")
        off = run_cli("judge-eval", data, "--spec", str(teachers), "--judge", "j",
                      "--sample", "1", "--no-logprobs", timeout=900)
        asked = ["logprobs" in json.loads(b) for b in p.counts.bodies]
    judged_or_unparsed(off)
    assert asked and not any(asked)
