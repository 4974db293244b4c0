"""benchmarks/verifier_attacks.py on a tiny subset: every chosen verifier gets its row, its
per-code table and its clean-data count; the tool replay catches every attack of its suite and
rejects no reference trajectory."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.verifier_attacks import merge, run

FAST = {"validate.tool_use", "validate.grounded", "validate.answer_check", "validate.judge",
        "harm detector", "curate.pii"}


def test_the_attack_benchmark_on_two_items_per_clean_set(shared_data: Path) -> None:
    report = run(shared_data, 2, FAST)
    head, held_out = report.split("\n## ")[0].split("Held-out suites (")
    rows = [line for line in head.splitlines() if line.startswith("| validate.")
            or line.startswith(("| harm detector", "| curate."))]
    assert [r.split(" | ")[0][2:] for r in rows] == [
        "validate.tool_use", "validate.grounded", "validate.answer_check",
        "validate.judge (fair judge)", "validate.judge (position-biased judge)",
        "validate.judge (length-biased judge)", "validate.judge (format-biased judge)",
        "validate.judge (confidence-biased judge)", "validate.judge (sycophantic judge)",
        "harm detector", "curate.pii"]
    assert rows[0] == ("| validate.tool_use | 8/8 | 3/3 | reference trajectories, 3 environments "
                       "x 4 categories | 0/24 (0.0%) |")
    assert "| validate.answer_check | 5/5 | 2/2 | GSM8K test solutions | 0/2 (0.0%) |" in rows
    assert "| validate.judge (fair judge) | 2/2 | 2/2 | n/a | n/a |" in rows
    # a position-biased judge never gets a pair through: both orders disagree, a tie
    assert "| validate.judge (position-biased judge) | 2/2 | 0/2 | n/a | n/a |" in rows
    assert "## validate.grounded" in report and "| altered_span | 3 | 3 | 1.00 | 1.00 |" in report
    assert ("| validate.grounded | 9/9 | 4/4 | GSM8K questions as passages, a sentence quoted "
            "exactly and re-cased | 0/4 (0.0%) |") in rows
    assert "| negated | 2 | 2 | 1.00 | 1.00 |" in report
    # the held-out suites fill a table of their own: attacks and correct items per suite, the
    # precision and recall of the reject decision, and a section per verifier
    held = {line.split(" | ")[0][2:]: line.split(" | ")[1:] for line in held_out.splitlines()
            if line.startswith("| ") and not line.startswith("| verifier")}
    assert {name: (caught.split("/")[1], kept.split("/")[1]) for name, (caught, kept, *_)
            in held.items()} == {"validate.tool_use (held-out)": ("12", "10"),
                                 "validate.grounded (held-out)": ("13", "9"),
                                 "validate.answer_check (held-out)": ("12", "10"),
                                 "harm detector (held-out)": ("10", "10"),
                                 "harm detector (held-out 2)": ("13", "13"),
                                 "harm detector (held-out 3)": ("15", "15"),
                                 "harm detector (held-out 4)": ("17", "18"),
                                 "harm detector (held-out 5)": ("21", "19"),
                                 "harm detector (held-out 6)": ("18", "15"),
                                 "harm detector (held-out 7)": ("17", "16"),
                                 "validate.tool_use (held-out 2)": ("14", "10"),
                                 "validate.tool_use (held-out 3)": ("15", "11"),
                                 "curate.pii (held-out)": ("15", "14"),
                                 "validate.grounded (held-out 2)": ("14", "10"),
                                 "validate.answer_check (held-out 2)": ("13", "11"),
                                 "curate.pii (held-out 2)": ("16", "15"),
                                 "curate.pii (held-out 3)": ("18", "14"),
                                 "curate.pii (held-out 4)": ("21", "15"),
                                 "validate.grounded (held-out 3)": ("17", "12"),
                                 "validate.answer_check (held-out 3)": ("19", "12"),
                                 "validate.tool_use (held-out 4)": ("19", "13"),
                                 "validate.grounded (held-out 4)": ("18", "14"),
                                 "validate.answer_check (held-out 4)": ("17", "14"),
                                 "validate.tool_use (held-out 5)": ("19", "13"),
                                 "validate.grounded (held-out 5)": ("18", "15"),
                                 "validate.answer_check (held-out 5)": ("17", "16"),
                                 "validate.tool_use (held-out 6)": ("23", "18"),
                                 "validate.grounded (held-out 6)": ("23", "18"),
                                 "validate.answer_check (held-out 6)": ("26", "18"),
                                 **{f"validate.judge ({kind} judge) (held-out)": ("12", "10")
                                    for kind in ("fair", "position-biased", "length-biased")},
                                 **{f"validate.judge ({kind} judge) (held-out 2)": ("17", "11")
                                    for kind in ("fair", "position-biased", "length-biased")},
                                 **{f"validate.judge ({kind} judge) (held-out)": ("17", "11")
                                    for kind in ("format-biased", "confidence-biased",
                                                 "sycophantic")}}
    assert all(re.fullmatch(r"(\d\.\d\d|-)", p) and re.fullmatch(r"\d\.\d\d \|", r)
               for *_, p, r in held.values())
    assert "## validate.grounded (held-out)" in report


def test_a_rerun_of_some_verifiers_replaces_only_their_rows_and_sections() -> None:
    old = ("# Verifiers under attack\n\nSuites: x.\n\n| verifier | attacks caught | correct "
           "kept | clean data | false rejections |\n|---|---:|---:|---|---:|\n"
           "| a | 1/2 | 1/1 | d | 0/9 (0.0%) |\n| b | 0/1 | 1/1 | e | 1/9 (11.1%) |\n\n"
           "## a\n\n| code | wanted |\n- missed: one\n\n## b\n\n| code | wanted |\n")
    new = ("# Verifiers under attack\n\nSuites: x.\n\n| verifier | attacks caught | correct "
           "kept | clean data | false rejections |\n|---|---:|---:|---|---:|\n"
           "| b | 1/1 | 1/1 | e | 0/9 (0.0%) |\n\n## b\n\n| code | wanted |\n| ok | 1 |\n")
    assert merge(old, new, "Rerun with --only b.").splitlines() == [
        "# Verifiers under attack", "", "Suites: x.", "", "Rerun with --only b.", "",
        "| verifier | attacks caught | correct kept | clean data | false rejections |",
        "|---|---:|---:|---|---:|", "| a | 1/2 | 1/1 | d | 0/9 (0.0%) |",
        "| b | 1/1 | 1/1 | e | 0/9 (0.0%) |", "", "## a", "", "| code | wanted |",
        "- missed: one", "", "## b", "", "| code | wanted |", "| ok | 1 |"]


def test_a_rerun_keeps_the_held_out_rows_in_their_own_table() -> None:
    table = ("| verifier | attacks caught | correct kept | clean data | false rejections |\n"
             "|---|---:|---:|---|---:|\n")
    held = ("\nHeld-out suites (`benchmarks/held_out_suites.py`, committed before their first "
            "run): precision and recall of the reject decision, an attack being a positive.\n\n"
            "| verifier | attacks caught | correct kept | precision | recall |\n"
            "|---|---:|---:|---:|---:|\n")
    old = (f"# Verifiers under attack\n\nSuites: x.\n\n{table}| a | 1/2 | 1/1 | d | 0/9 (0.0%) |\n"
           f"{held}| a (held-out) | 0/2 | 1/1 | - | 0.00 |\n\n## a\n\n## a (held-out)\n")
    new = (f"# Verifiers under attack\n\nSuites: x.\n\n{table}| a | 2/2 | 1/1 | d | 0/9 (0.0%) |\n"
           f"{held}| a (held-out) | 1/2 | 1/1 | 1.00 | 0.50 |\n| a (held-out 2) | 0/1 | 1/1 | - | "
           "0.00 |\n\n## a\n\n## a (held-out)\n- missed: x\n")
    merged = merge(old, new, "Rerun with --only a.").splitlines()
    assert merged[4:] == [
        "Rerun with --only a.", "", *table.splitlines(), "| a | 2/2 | 1/1 | d | 0/9 (0.0%) |",
        *held.splitlines(), "| a (held-out) | 1/2 | 1/1 | 1.00 | 0.50 |",
        "| a (held-out 2) | 0/1 | 1/1 | - | 0.00 |", "", "## a", "", "## a (held-out)",
        "- missed: x"]
