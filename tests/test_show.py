"""`synthloop show` (statuses, stage names, --original, --prompt, a few lines per record
or --full) and the funnel at 80 columns."""

from __future__ import annotations

import json
import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

import synthloop
from synthloop.counts import FunnelRow, StageCounts
from synthloop.records import Record, Status, Verdict
from synthloop.report.compact import record_lines
from synthloop.report.render import funnel_table
from synthloop.validate.human.decisions import HumanLayer
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def shouted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A source run: 2 records rewritten by debug.shout, 1 rejected (empty), 1 failed."""
    folder = tmp_path_factory.mktemp("show")
    rows = [{"instruction": "Say hi", "response": "hi"}, {"instruction": "Say", "response": ""},
            {"instruction": "Say yo", "response": "yo"}]
    (folder / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + "oops\n")
    spec = {"name": "show", "source": {"path": str(folder / "data.jsonl")},
            "stages": [{"use": "debug.shout"},
                       {"use": "validate.rules", "required": ["response"]}]}
    with synthloop.run(spec, folder / "run", export=False) as run:
        assert run.counts() == {"accepted": 2, "rejected": 1, "failed": 1}
    return folder / "run"


def show(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("show", *args, "--json")
    return (result.returncode, [json.loads(line) for line in result.stdout.splitlines()],
            result.stderr)


def test_bad_show_arguments_exit_2(shouted: Path) -> None:
    for limit in ("-5", "0"):
        code, items, err = show(str(shouted), "--limit", limit)
        assert code == 2 and not items
        assert "Invalid value for '--limit': Input should be greater than or equal to 1" in err
    code, _, err = show(str(shouted), "--stage", "nosuch")
    assert code == 2
    assert "--stage 'nosuch': this run has no such stage; its stages are source, debug.shout, " \
           "validate.rules" in " ".join(err.split())


def test_rejected_and_failed_together_show_both(shouted: Path) -> None:
    code, items, _ = show(str(shouted), "--rejected", "--failed")
    assert code == 0
    assert [(i["status"], i["status_stage"]) for i in items] == [
        ("rejected", "validate.rules"), ("failed", "source")]
    code, items, _ = show(str(shouted), "--stage", "validate.rules")
    assert [i["status_reason"] for i in items] == [
        "required field 'response' is missing or empty"]


def test_nothing_to_show_says_so(shouted: Path) -> None:
    code, items, err = show(str(shouted), "--failed", "--stage", "validate.rules")
    assert code == 0 and not items
    assert "no records match: failed at stage validate.rules" in err


def test_show_original_gives_what_a_stage_rewrote(shouted: Path) -> None:
    code, items, _ = show(str(shouted), "--original")
    assert code == 0
    assert [(i["data"]["response"], i["original"]) for i in items] == [
        ("HI", {"response": [{"by": "debug.shout", "value": "hi"}]}),
        ("YO", {"response": [{"by": "debug.shout", "value": "yo"}]})]
    with synthloop.open_run(shouted) as run:
        modified = {row.stage: row.modified for row in run.funnel()}
    assert modified == {"source": 0, "debug.shout": 2, "validate.rules": 0}
    status = run_cli("status", str(shouted))
    row = next(line for line in status.stdout.splitlines() if "debug.shout" in line)
    assert " ".join(row.split()).startswith("│ debug.shout │ 3 │ 3 │ 0 │ 0 │ 2 │")



def test_show_original_keeps_each_rewrite_pii_then_a_human_edit(tmp_path: Path) -> None:
    """Originals hold the value before every rewrite, oldest first, with who rewrote it: the
    pre-PII text, then the redacted text a reviewer edited."""
    source = tmp_path / "data.jsonl"
    source.write_text(json.dumps({"instruction": "Write to amy@example.org",
                                  "response": "Dear Amy, see you at noon."}) + "\n")
    spec = {"name": "pii-then-human", "source": {"path": str(source)},
            "stages": [{"use": "curate.pii"}]}
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        [rec] = run.records("accepted")
        assert rec.data["instruction"] == "Write to [EMAIL_ADDRESS]"
        assert rec.seq is not None
        HumanLayer(run.store).decide(rec.seq, "alice", "edit",
                                     edits={"instruction": "Write to the customer"})
    code, items, _ = show(str(tmp_path / "run"), "--original")
    assert code == 0
    [item] = items
    assert item["data"]["instruction"] == "Write to the customer"
    assert item["original"] == {"instruction": [
        {"by": "curate.pii", "value": "Write to amy@example.org"},
        {"by": "human:alice", "value": "Write to [EMAIL_ADDRESS]"}]}
    with synthloop.open_run(tmp_path / "run") as run:
        assert HumanLayer(run.store).undo("alice") is not None
        [rec] = run.records("accepted")
        assert rec.data["instruction"] == "Write to [EMAIL_ADDRESS]"
        assert rec.originals == {"instruction": [
            {"by": "curate.pii", "value": "Write to amy@example.org"}]}

def test_show_prompt_rebuilds_the_messages_sent(tmp_path: Path) -> None:
    spec = tmp_path / "p.yaml"
    spec.write_text(
        "name: prompted\nseed: 3\ntarget: {size: 2, taxonomy: [{skill: greetings}]}\n"
        "teachers: {t: {backend: local, max_tokens: 8, temperature: 0}}\n"
        "stages:\n  - {use: generate.prompt, teacher: t, samples: 2,\n"
        "     template: 'Say hello about {{ skill }}.'}\n")
    assert run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q").returncode == 0
    code, items, _ = show(str(tmp_path / "run"), "--prompt", "--limit", "2")
    assert code == 0 and len(items) == 2
    seeds = set()
    for item in items:
        prompt = item["prompt"]
        assert prompt["messages"] == [{"role": "user", "content": "Say hello about greetings."}]
        assert prompt["verified"] is True
        seeds.add(prompt["options"]["seed"])
    assert len(seeds) == 2, "sample 0 and sample 1 each get their own seed"
    con = sqlite3.connect(tmp_path / "run" / "run.db")
    con.execute("DELETE FROM cache")
    con.commit()
    con.close()
    _, items, _ = show(str(tmp_path / "run"), "--prompt", "--limit", "1")
    assert items[0]["prompt"]["verified"] is False
    assert items[0]["prompt"]["note"].startswith("not found in the response cache")


def test_show_prompt_for_records_no_teacher_made(shouted: Path, tmp_path: Path) -> None:
    _, items, _ = show(str(shouted), "--prompt", "--limit", "1")
    assert items[0]["prompt"]["note"] == "no prompt was sent: the record was read from the source"
    spec = {"name": "m", "target": {"size": 3, "taxonomy": [{"skill": "money"}]},
            "stages": [{"use": "generate.math_word_problems"}]}
    synthloop.run(spec, tmp_path / "run", export=False).close()
    _, items, _ = show(str(tmp_path / "run"), "--prompt", "--limit", "1")
    assert items[0]["prompt"]["messages"] is None
    assert items[0]["prompt"]["note"] == ("no prompt was sent: stage generate.math_word_problems "
                                          "(generate.math_word_problems) is not a "
                                          "teacher-driven recipe")


FUNNEL = [
    FunnelRow("generate.self_instruct", StageCounts(240, 180, 52, 8), [
        ("generate.self_instruct.near_copy", 40, "ROUGE-L 0.74 >= 0.7 with pool task 'Write a "
         "poem about the sea in the style of a sailor who has never seen the sea'"),
        ("generate.self_instruct.too_long", 12, "the instruction has 212 words, above 150")]),
    FunnelRow("curate.pii", StageCounts(180, 180, 0, 0, modified=57)),
    FunnelRow("validate.rules", StageCounts(180, 171, 9, 0), [
        ("validate.rules.required", 9, "required field 'response' is missing or empty")]),
]


def render(width: int) -> list[str]:
    out = StringIO()
    Console(width=width, file=out, color_system=None).print(funnel_table(FUNNEL))
    return out.getvalue().splitlines()


def test_funnel_reads_at_80_columns() -> None:
    lines = render(80)
    assert max(len(line) for line in lines) <= 80
    for stage, counts in (("generate.self_instruct", "240 │    180 │       52 │      8 │        0"),
                          ("curate.pii", "180 │    180 │        0 │      0 │       57"),
                          ("validate.rules", "180 │    171 │        9 │      0 │        0")):
        assert any(stage in line and counts in line for line in lines), stage
    # Each reason is one line (clipped), never wrapped word by word.
    near = next(line for line in lines if "near_copy" in line)
    assert near.startswith("    40 near_copy: ROUGE-L 0.74 >= 0.7 with pool task 'Write a poem")
    assert near.endswith("…")
    assert "    12 too_long: the instruction has 212 words, above 150" in lines
    assert "    9 required: required field 'response' is missing or empty" in lines
    # The table (title, 3 header lines, 3 rows, bottom), a heading, 2 stages, 3 reasons.
    assert len(lines) == 8 + 1 + 2 + 3


def test_wide_funnel_puts_reasons_beside_the_counts() -> None:
    lines = render(160)
    row = next(line for line in lines if "generate.self_instruct" in line)
    assert "│ 40 near_copy: ROUGE-L 0.74 >= 0.7 with pool task" in row
    assert len(lines) == 1 + 3 + 4 + 1  # title, header, 3 rows (the first two lines), bottom


def test_show_prints_a_few_lines_per_record(shouted: Path) -> None:
    """Content and verdict codes by default; why a record went; rewritten values and the
    prompt only when asked; --full is the whole record."""
    def lines(*args: str) -> list[str]:
        result = run_cli("show", str(shouted), *args)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    # Ids hash the source's path: read them from --json, in the same order.
    hi, yo = (i["id"] for i in show(str(shouted))[1])
    (no_response, oops) = (i["id"] for i in show(str(shouted), "--rejected", "--failed")[1])
    assert lines() == [
        f"{hi}  accepted",
        "  instruction: Say hi",
        "  response: HI",
        "  ✓ validate.rules.ok",
        f"{yo}  accepted",
        "  instruction: Say yo",
        "  response: YO",
        "  ✓ validate.rules.ok",
    ]
    rejected, failed = lines("--rejected", "--failed")[:4], lines("--rejected", "--failed")[4:]
    assert rejected == [
        f"{no_response}  rejected at validate.rules",
        "  why: required field 'response' is missing or empty",
        "  instruction: Say",
        "  ✗ validate.rules.required",
    ]
    assert failed[0] == f"{oops}  failed at source"
    assert failed[1].startswith(f"  why: {shouted.parent}/data.jsonl:4: invalid JSON")
    assert len(failed[1]) == len("  why: ") + 150 and failed[1].endswith("…")
    assert failed[2:] == ["  raw: oops", "  ✗ source.failed"]
    assert lines("--original", "--prompt", "--limit", "1") == [
        f"{hi}  accepted",
        "  instruction: Say hi",
        "  response: HI",
        "  sent: no prompt was sent: the record was read from the source",
        "  response before rewrite: hi",
        "  ✓ validate.rules.ok",
    ]
    full = lines("--full", "--limit", "1")
    assert "'lineage': {" in "".join(full) and len(full) > 15


def test_record_lines_with_reasons_gives_one_line_per_verdict() -> None:
    rec = Record(id="r1", data={"instruction": "Say hi", "response": "hi"},
                 status=Status.REJECTED, status_stage="validate.rules",
                 status_reason="response has 2 characters",
                 verdicts=[Verdict("validate.judge", "validate.judge.ok", True, 0.875),
                           Verdict("validate.rules", "validate.rules.too_short", False,
                                   reason="response has 2 characters")])
    assert record_lines(rec, reasons=True) == [
        "r1  rejected at validate.rules",
        "  why: response has 2 characters",
        "  instruction: Say hi",
        "  response: hi",
        "  ✓ validate.judge.ok 0.875",
        "  ✗ validate.rules.too_short: response has 2 characters",
    ]
    assert record_lines(rec)[-1] == "  ✓ validate.judge.ok 0.875  ✗ validate.rules.too_short"


def test_status_prints_colon_words_as_written_not_as_emoji(shouted: Path,
                                                           tmp_path: Path) -> None:
    """A message holding `:name:` (an emoji code to rich) is printed as it was written."""
    run = tmp_path / "run"
    shutil.copytree(shouted, run)
    store = synthloop.open_run(run).store
    store.log_event("note", "ratio :thumbs_up: kept as :smile:")
    store.close()
    result = run_cli("status", str(run))
    assert result.returncode == 0, result.stderr
    assert "note: ratio :thumbs_up: kept as :smile:" in result.stdout
