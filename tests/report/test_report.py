"""`synthloop report`: one self-contained HTML file, opened in a real headless Chromium with
every network request logged; and `synthloop run` writing it at the end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import synthloop
from synthloop.report.html import MAX_BYTES
from tests.conftest import run_cli
from tests.validate.human.conftest import (  # the browser fixture and run makers of review's
    chrome,  # noqa: F401 - a fixture
    make_hostile_run,
    make_math_run,
    math_spec,
    requested_urls,
    screenshot,
)

DIVERSITY = {"use": "curate.diversity", "vendi": False}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("report")
    return make_math_run(base / "math", 80, DIVERSITY), make_hostile_run(base / "hostile")


def short_math_run(run_dir: Path, **target: Any) -> Path:
    """A math run of one round that the rules leave short (questions of at most 90
    characters): the size-8 target without axes keeps 2 of 8."""
    spec = {"name": run_dir.name, "seed": 7,
            "target": {"size": 8, "max_rounds": 1, "oversample": 1.0, **target},
            "stages": [{"use": "generate.math_word_problems"},
                       {"use": "validate.rules", "fields": {"question": {"max_chars": 90}}}]}
    synthloop.run(spec, run_dir, export=False).close()
    return run_dir


def open_offline(chrome: Any, path: Path) -> list[str]:
    """Open the file and return every URL the page requested (the file itself included)."""
    requested_urls(chrome)
    chrome.get(path.as_uri())
    chrome.find_element("tag name", "h1")
    return requested_urls(chrome)


def page_state(chrome: Any) -> list[Any]:
    return chrome.execute_script(
        "return [document.scripts.length, document.querySelectorAll("
        "'img, iframe, a[href^=\"javascript\"], link[rel=stylesheet], object, embed').length,"
        " window.__pwned === undefined]")


def test_report_opens_offline_with_every_funnel_stage(chrome: Any, runs: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    math_run, hostile_run = runs
    out = tmp_path / "report.html"
    result = run_cli("report", str(math_run), "--out", str(out), "--compare", str(hostile_run))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"report: {out} (")
    assert 10_000 < out.stat().st_size <= MAX_BYTES
    assert open_offline(chrome, out) == [out.as_uri()]  # nothing but the file itself
    assert page_state(chrome) == [0, 0, True]
    with synthloop.open_run(math_run) as run:
        stages = [row.stage for row in run.funnel()]
        rejected_checks = [c for row in run.funnel() for c, _, _ in row.reasons]
    assert stages == ["generate.math_word_problems", "validate.answer_check", "validate.rules",
                      "curate.dedup", "plan.balance"]
    shown = chrome.execute_script(
        "return [...document.querySelectorAll('#funnel ~ table tr.stage-row')]"
        ".map(r => r.dataset.stage)")
    assert shown[:len(stages)] == stages
    body = chrome.find_element("tag name", "body").text
    for heading in ("Funnel", "Coverage against the target", "Length distribution",
                    "Diversity and generator fingerprints", "Contamination and PII",
                    "Teacher usage, tokens and cost", "Measure", "Human review",
                    "Side by side"):
        assert heading in body
    assert rejected_checks and all(c in body for c in rejected_checks)
    assert "difficulty" in body and "percentages" in body  # coverage rows
    assert "self-BLEU" in body and "most repeated openings" in body
    chrome.set_window_size(1200, chrome.execute_script("return document.body.scrollHeight"))
    screenshot(chrome, "report.png")
    chrome.set_window_size(1200, 900)


def test_report_shows_hostile_text_as_text(chrome: Any, runs: tuple[Path, Path],
                                           tmp_path: Path) -> None:
    _, hostile_run = runs
    out = tmp_path / "hostile.html"
    with synthloop.open_run(hostile_run) as run:
        from synthloop.report.html import write_report

        write_report(run, out)
    assert open_offline(chrome, out) == [out.as_uri()]
    assert page_state(chrome) == [0, 0, True]
    chrome.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    body = chrome.find_element("tag name", "body").text
    # The rejected record is an example of its reason, its markup shown as literal text; the
    # PII stage's redaction is counted with its reason.
    assert "<b>bold?</b> javascript:alert(1)\n<svg onload=x>" in body
    assert "1 × curate.pii.redact (e.g. redact: 1 EMAIL_ADDRESS)" in body
    assert "jane.doe@example.com" not in body
    screenshot(chrome, "report-hostile.png")


def test_run_writes_the_report_and_prints_its_path(tmp_path: Path) -> None:
    spec = math_spec(30)
    spec_path = tmp_path / "math.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    run_dir = tmp_path / "run"
    result = run_cli("run", str(spec_path), "--run-dir", str(run_dir), "-q")
    assert result.returncode == 0, result.stderr
    report = run_dir / "report.html"
    assert f"report: {report}" in result.stdout
    assert "generate.math_word_problems" in report.read_text()



def test_records_opening_with_a_huge_token_give_a_small_report(tmp_path: Path) -> None:
    """Six records that open with the same 1.6 MB base64 blob: the run finishes with exit 0
    and both `run` and `report` write a report that shows the opening clipped."""
    blob = "QUJD" * 400_000  # 1.6 MB, one "word"
    rows = [{"instruction": f"Decode item {i}.",
             "response": f"{blob} {blob} decodes to item {i}."} for i in range(6)]
    rows.append({"instruction": "Decode nothing.", "response": blob})  # rejected by the rule
    source = tmp_path / "blobs.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    spec = {"name": "blobs", "source": {"path": str(source)},
            "stages": [{"use": "validate.rules", "fields": {"response": {"regex": "decodes"}}},
                       DIVERSITY],
            "outputs": {"formats": ["jsonl"]}}
    spec_path = tmp_path / "blobs.yaml"
    spec_path.write_text(yaml.safe_dump(spec))
    run_dir = tmp_path / "run"
    result = run_cli("run", str(spec_path), "--run-dir", str(run_dir), "-q")
    assert result.returncode == 0, result.stderr
    with synthloop.open_run(run_dir) as run:
        [diversity] = [r for r in run.store.reports().values() if "top_openings" in r]
    [opening] = diversity["top_openings"]
    assert opening["count"] == 6 and opening["text"].startswith("qujdqujd")  # words lower-cased
    assert len(opening["text"]) <= 200 and opening["text"].endswith("…")
    assert all(len(p["text"]) <= 200 for p in diversity["top_phrases"])
    out = tmp_path / "again.html"
    result = run_cli("report", str(run_dir), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for page in (run_dir / "report.html", out):
        assert page.stat().st_size < 200_000
        html = page.read_text()
        assert "qujdqujd" in html and "QUJDQUJD" in html  # the opening, the rejected example

def test_report_refuses_what_is_not_a_run(tmp_path: Path) -> None:
    result = run_cli("report", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"error: {tmp_path}: not a synthloop run (no run.db); "
                                     "pass the --run-dir of a run")


def test_report_shows_measure_intervals_and_teacher_cost(runs: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    import html
    import re
    import shutil

    from synthloop.report.html import write_report

    run_dir = tmp_path / "math"
    shutil.copytree(runs[0], run_dir)
    measure = {"experiment": "gsm", "seeds": [0], "baseline": "real", "verdicts": [],
               "evals": [{"name": "gsm8k-test", "metric": "accuracy", "n_items": 200,
                          "arms": [{"arm": "real", "value": 0.31, "low": 0.25, "high": 0.37},
                                   {"arm": "real+syn", "value": 0.42, "low": 0.35,
                                    "high": 0.49}],
                          "comparisons": [{"arm": "real+syn", "baseline": "real",
                                           "value": 0.11, "low": 0.04, "high": 0.18,
                                           "verdict": "helps"}]}]}
    with synthloop.open_run(run_dir) as run:
        with run.store.transaction():
            run.store.put_report("measure.experiment", measure)
            run.store.add_usage("generate.prompt", "writer", requests=12, prompt_tokens=3000,
                                completion_tokens=1500, cost=0.0123)
        text = html.unescape(re.sub(r"<[^>]+>", " ", write_report(run).read_text()))
    words = " ".join(text.split())
    assert "0.420 [0.350, 0.490]" in words and "0.310 [0.250, 0.370]" in words
    assert "real+syn real +0.110 [+0.040, +0.180] helps" in words
    assert "generate.prompt writer 12 3,000 1,500 0.0123" in words
    assert "total 4,500 tokens 0.0123" in words


def test_histogram_bins_each_series_as_shares_on_shared_edges() -> None:
    from synthloop.report.svg import _shares, histogram

    # 0..10 in 5 bins of 2: [0,2) [2,4) [4,6) [6,8) [8,10]; the top edge falls in the last bin
    assert _shares([0, 1, 3, 9, 10], 0.0, 2.0, 5) == [0.4, 0.2, 0.0, 0.0, 0.4]
    svg = histogram({"ok": [0, 10], "rejected": [5]}, title="t", xlabel="words", bins=5)
    assert "ok: 0-2: 50.0%" in svg and "rejected: 4-6: 100.0%" in svg and "(n=2)" in svg
    assert histogram({"ok": []}, title="t", xlabel="words") == ""


TARGET_AND_COLOURS = """
const missed = document.getElementById('target-missed');
const plot = [...document.querySelectorAll('svg')].find(
    s => s.querySelector('title').textContent === 'words per record by status');
const legend = {};
for (const rect of plot.querySelectorAll(':scope > rect[width="10"]')) {
  legend[rect.nextSibling.textContent.split(' (n=')[0]] = rect.getAttribute('fill');
}
const coverage = document.getElementById('coverage').nextElementSibling;
return {missed: missed && [missed.textContent, missed.getBoundingClientRect().bottom],
        height: window.innerHeight, legend: legend, coverage: coverage.textContent.trim(),
        bars: [...document.querySelectorAll('svg rect.pass, svg rect.rej')].map(
            r => [r.getAttribute('class'), getComputedStyle(r).fill])};
"""


def test_report_target_line_and_fixed_status_colours(chrome: Any, runs: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    """A run short of its target says so under the counts (and nothing when it met it); a
    target without axes is a target, not 'started from a source'; accepted and rejected keep
    their colours whichever status the store holds first."""
    from synthloop.report.html import write_report
    from synthloop.report.summary import summarize

    math_run, hostile_run = runs
    flat = short_math_run(tmp_path / "flat")
    cells = short_math_run(tmp_path / "cells", size=12,
                           taxonomy=[{"skill": "money"}, {"skill": "time"}, {"skill": "rates"}],
                           attributes={"difficulty": ["easy", "hard"]})
    seen = {}
    for run_dir in (math_run, hostile_run, flat, cells):
        with synthloop.open_run(run_dir) as run:
            first = next(iter(summarize(run).lengths))
            out = write_report(run, tmp_path / f"{run_dir.name}.html")
        open_offline(chrome, out)
        seen[run_dir.name] = (first, chrome.execute_script(TARGET_AND_COLOURS))
        if run_dir == flat:
            screenshot(chrome, "report-target-missed.png")
    # The store's first record is accepted in one run and rejected in another ...
    assert (seen["math"][0], seen["flat"][0]) == ("accepted", "rejected")
    green, red = "#6aa84f", "#d9534f"
    for name, (_, page) in seen.items():
        # ... and the colours stay: in the length histogram and in the funnel's bars.
        assert page["legend"] == {"accepted": green, "rejected": red}, name
        assert {cls: fill for cls, fill in page["bars"]} == {
            "pass": "rgb(106, 168, 79)", "rej": "rgb(217, 83, 79)"}, name
    assert seen["math"][1]["missed"] is None and seen["run"][1]["missed"] is None
    assert seen["run"][1]["coverage"] == "No target: this run started from a source."
    missed, bottom = seen["flat"][1]["missed"]
    assert missed == "target missed: kept 2 of 8 planned"
    assert bottom < seen["flat"][1]["height"]  # on the first screen
    assert seen["flat"][1]["coverage"] == ("The target has no taxonomy or attribute axes: one "
                                           "cell of 8 planned records, 2 accepted.")
    assert seen["cells"][1]["missed"][0] == (
        "target missed: kept 6 of 12 planned (cells difficulty=hard, skill=money: 0 of 2; "
        "difficulty=hard, skill=rates: 0 of 2; difficulty=hard, skill=time: 0 of 2)")
