"""Fixtures for the review and report tests: small math runs, a run with hostile markup, the
review server as a user starts it (a subprocess of the CLI), and a real headless Chromium.

The browser is Debian's ``chromium`` driven by its ``chromium-driver`` through Selenium, with
both paths given explicitly so Selenium Manager never downloads anything."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

import synthloop
from synthloop.store import BatchResult
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO / "tests" / "artifacts"

HOSTILE = [
    "<script>window.__pwned = 'script'</script>What is 2 + 2?",
    '<img src="x" onerror="window.__pwned = \'img\'"> How many apples are left?',
    '<a href="javascript:window.__pwned=\'link\'">click me</a> Compute 3 * 4.',
    "</pre></main></body><script>window.__pwned='close'</script><style>*{display:none}</style>",
    "<iframe src=\"https://example.com/\"></iframe><link rel=stylesheet href=//example.com/x.css>",
]

PII_QUESTION = "Write to jane.doe@example.com <script>window.__pwned='pii'</script> today."


def math_spec(size: int) -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "examples" / "math.yaml").read_text())
    spec["target"]["size"] = size
    return spec


def make_math_run(run_dir: Path, size: int, *extra_stages: dict[str, Any]) -> Path:
    spec = math_spec(size)
    spec["stages"] += list(extra_stages)
    synthloop.run(spec, run_dir, export=False).close()
    return run_dir


def make_hostile_run(run_dir: Path) -> Path:
    """A source run of math-shaped records whose text is hostile markup: one lacks an answer
    (the rules reject it), one holds an e-mail address (redacted by curate.pii); a diversity
    report measures their openings."""
    rows = [{"question": q, "trace": f"{q}\n#### 4", "answer": "4"} for q in HOSTILE]
    rows.append({"question": "<b>bold?</b> javascript:alert(1)", "trace": "<svg onload=x>"})
    rows.append({"question": PII_QUESTION, "trace": "Mail her.\n#### 4", "answer": "4"})
    run_dir.mkdir(parents=True)
    source = run_dir.parent / f"{run_dir.name}.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    spec = {"name": "hostile", "source": {"path": str(source)},
            "stages": [{"use": "validate.rules", "required": ["question", "answer"]},
                       {"use": "curate.pii"}, {"use": "curate.diversity", "vendi": False}],
            "outputs": {"formats": ["jsonl"], "style": "raw"}}
    synthloop.run(spec, run_dir / "run", export=False).close()
    return run_dir / "run"


INSTRUCTIONS = [
    {"instruction": "Name two advantages of working from home.",
     "response": "You skip the commute, and you choose a quiet place to focus.",
     "candidates": ["Name two advantages of working from home.", "List three fruits."]},
    {"instruction": "Give a synonym for 'happy'.", "response": "Cheerful.",
     "candidates": ["Give a synonym for 'happy'."]},
]
# What validate.judge writes when the log-prob expectation passes a record whose written
# digit (and so its rationale) was a failing one.
JUDGED = ("score 2.63 >= threshold 2.5 (log-prob expectation; the rationale was written for "
          "1): Off-topic")


def make_instruction_run(run_dir: Path) -> Path:
    """A source run of self-instruct-shaped records (instruction, response, the candidate
    tasks the recipe chose from), checked by the rules, with a passing judge verdict whose
    rationale was written for a failing digit."""
    run_dir.mkdir(parents=True)
    source = run_dir.parent / f"{run_dir.name}.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in INSTRUCTIONS))
    spec = {"name": "instructions", "source": {"path": str(source)},
            "stages": [{"use": "validate.rules", "required": ["instruction", "response"]}],
            "outputs": {"formats": ["jsonl"], "style": "raw"}}
    with synthloop.run(spec, run_dir / "run", export=False) as run:
        records = list(run.records("accepted"))
        for rec in records:
            rec.add_verdict("validate.judge", "validate.judge.ok", True, JUDGED, score=2.63,
                            details={"score": 2.63, "written_score": 1,
                                     "rationale": "Off-topic", "from": "logprobs"})
        run.store.commit_batch(BatchResult(updated_records=records))
    return run_dir / "run"


class ReviewProcess:
    """`synthloop review RUN` in a subprocess; ``url`` is the tokened URL it printed."""

    def __init__(self, run_dir: Path, reviewer: str, *extra: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "synthloop.cli", "review", str(run_dir), "--reviewer",
             reviewer, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**env, "COLUMNS": "400"})
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"open (http://127\.0\.0\.1:\d+/[\w-]+/)", line)
        if not match:
            self.stop()
            raise AssertionError(f"no URL printed: {line!r}")
        self.url = match.group(1)

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def review_process() -> Iterator[Any]:
    started: list[ReviewProcess] = []

    def start(run_dir: Path, reviewer: str = "alice", *extra: str) -> ReviewProcess:
        started.append(ReviewProcess(run_dir, reviewer, *extra))
        return started[-1]

    yield start
    for p in started:
        p.stop()


@pytest.fixture(scope="session")
def chrome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session, logging every network request it makes."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            pytest.fail(f"{binary} is missing: apt-get install chromium chromium-driver "
                        "(the README's test command does it)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(120)
    try:
        yield driver
    finally:
        driver.quit()


def requested_urls(driver: Any) -> list[str]:
    """URLs the page asked for since the last call (Chrome DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = orjson.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path
