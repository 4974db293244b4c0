"""The failure fuse: alone on literal outcomes, then against a closed port, an unknown host,
a real server behind a proxy answering 401, the transient faults it must ride out, and a whole
`synthloop run` against a closed port (exit 4 in seconds, nothing quarantined)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.spec import OpenAITeacherSpec
from synthloop.teachers import TeacherError, TeacherUnavailable, build_teacher
from synthloop.teachers.fuse import FailureFuse
from tests.teachers.conftest import MODEL_NAME, REPO, TIMEOUT_S
from tests.teachers.fault_proxy import FaultProxy, free_port

REFUSED = "connection refused"


def openai(url: str, **kw: Any) -> OpenAITeacherSpec:
    return OpenAITeacherSpec(**{"backend": "openai", "base_url": url, "model": MODEL_NAME,
                                "max_tokens": 8, "timeout_s": TIMEOUT_S, **kw})


def ask(i: int = 0) -> list[dict[str, Any]]:
    return [{"role": "user", "content": f"Say hello to number {i}."}]


# -- the part alone ------------------------------------------------------------------------
def test_three_in_a_row_before_any_answer_trip_it() -> None:
    fuse = FailureFuse("teacher 'w' at http://h:1/v1")
    fuse.failed(REFUSED, "first")
    fuse.failed(REFUSED, "second")
    with pytest.raises(TeacherUnavailable) as err:
        fuse.failed(REFUSED, "third")
    assert str(err.value) == (
        "teacher 'w' at http://h:1/v1 is unreachable or refuses this run: the last 3 attempts "
        "failed with connection refused and none has got through (third). Check base_url, the "
        "server and the API key, then re-run the same command to resume.")
    assert err.value.exit_code == 4
    with pytest.raises(TeacherUnavailable):
        fuse.check()  # and it stays tripped


def test_after_an_answer_it_takes_eight() -> None:
    fuse = FailureFuse("e")
    fuse.ok()
    for _ in range(7):
        fuse.failed("HTTP 401", "")
    with pytest.raises(TeacherUnavailable, match="the last 8 attempts failed with HTTP 401 "
                                                 "since it last answered"):
        fuse.failed("HTTP 401", "")


def test_transient_faults_and_changing_causes_reset_the_streak() -> None:
    fuse = FailureFuse("e")
    for cause in [REFUSED, REFUSED, "HTTP 404", "HTTP 404", REFUSED, REFUSED]:
        fuse.failed(cause, "")
    for _ in range(3):
        fuse.ok()  # a 429, a 500 or a timeout: the endpoint is there
        for _ in range(7):
            fuse.failed(REFUSED, "")
    assert fuse.tripped is None and fuse.streak == 7


# -- against real sockets ------------------------------------------------------------------
def test_a_closed_port_stops_every_request_within_a_second() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"

    async def go() -> None:
        teacher = build_teacher("w", openai(url))  # 6 retries: minutes of backoff without it
        t0 = time.monotonic()
        with pytest.raises(TeacherUnavailable) as err:
            await teacher.chat(ask(), stage="gen")
        alone = time.monotonic() - t0
        assert teacher.retries == 2  # three attempts, then the fuse
        many = await asyncio.gather(*(teacher.chat(ask(i), stage="gen") for i in range(16)),
                                    return_exceptions=True)
        assert teacher.retries == 2  # none sent again
        await teacher.aclose()
        # The retry counts show the fuse; the clock only catches a hang (idle: under a second,
        # two backoffs capped at 0.25 s and 0.5 s and three refused connects).
        assert alone < 15, alone
        message = str(err.value)
        assert message.startswith(f"teacher 'w' at {url} is unreachable or refuses this run: "
                                  "the last 3 attempts failed with connection refused")
        assert all(isinstance(e, TeacherUnavailable) for e in many)

    asyncio.run(go())


def test_an_unknown_host_is_named_as_a_dns_failure() -> None:
    async def go() -> None:
        teacher = build_teacher("w", openai("http://no-such-host.invalid/v1"))
        with pytest.raises(TeacherUnavailable, match="failed with DNS lookup failure .*"
                                                     "no-such-host.invalid"):
            await teacher.chat(ask(), stage="gen")
        await teacher.aclose()

    asyncio.run(go())


def test_401_at_start_and_in_the_middle_of_a_run(llama_server: str) -> None:
    async def go() -> None:
        with FaultProxy(llama_server, faults=("401",)) as p:
            teacher = build_teacher("w", openai(p.url, max_retries=20))
            assert (await teacher.chat(ask(), stage="gen")).text  # the endpoint answers
            p.fault_rate = 1.0  # ... then refuses the key
            out = await asyncio.gather(*(teacher.chat(ask(i), stage="gen")
                                         for i in range(1, 5)), return_exceptions=True)
            await teacher.aclose()
            refused = p.counts.faults["401"]
            assert 8 <= refused <= 8 + 3  # the streak, and what was in flight when it tripped
            (message,) = {str(e) for e in out}
            assert message.startswith(f"teacher 'w' at {p.url} is unreachable or refuses this "
                                      "run: the last 8 attempts failed with HTTP 401 since it "
                                      f"last answered ({p.url}/chat/completions answered 401 "
                                      "unauthorized (check the API key): invalid api key)")

            fresh = build_teacher("w2", openai(p.url, max_retries=20))
            with pytest.raises(TeacherUnavailable, match="the last 3 attempts failed with "
                                                         "HTTP 401 and none has got through"):
                await fresh.chat(ask(), stage="gen")
            await fresh.aclose()
            assert p.counts.faults["401"] == refused + 3

    asyncio.run(go())


def test_transient_faults_never_trip_it(llama_server: str) -> None:
    async def go() -> None:
        faults = ("429", "500", "drop", "slow", "malformed")
        # the slow answer outlasts the client's timeout on any machine; the others are instant
        with FaultProxy(llama_server, fault_rate=1.0, slow_s=60.0, faults=faults) as p:
            teacher = build_teacher("w", openai(p.url, max_retries=5, timeout_s=3.0))
            with pytest.raises(TeacherError, match="gave up after 6 attempts"):
                await teacher.chat(ask(), stage="gen")
            await teacher.aclose()
            assert teacher.fuse.tripped is None
            assert set(p.counts.faults) == set(faults)

    asyncio.run(go())


def test_a_run_against_a_closed_port_exits_4_at_once(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({
        "name": "outage", "seed": 1, "target": {"size": 6},
        "teachers": {"w": {"backend": "openai", "base_url": url, "model": MODEL_NAME}},
        "stages": [{"use": "generate.prompt", "teacher": "w", "template": "Say hello."}]}))
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "synthloop.cli", "run", str(spec), "--run-dir",
                           str(tmp_path / "run"), "--quiet"], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    elapsed = time.monotonic() - t0
    assert done.returncode == 4, done.stderr
    message = " ".join(done.stderr.split())
    assert f"teacher 'w' at {url} is unreachable" in message and "connection refused" in message
    assert "Traceback" not in done.stderr and elapsed < 60, elapsed  # not minutes of retries
    with synthloop.open_run(tmp_path / "run") as handle:  # no record quarantined, no top-up
        assert list(handle.store.iter_records()) == [] and handle.store.usage() == []
