"""Human decisions: a ``human`` verdict layer in the run store.

Each decision is one row of ``human_decisions`` plus one verdict (stage ``human``, check
``human.accept``, ``human.reject`` or ``human.edit``), written in one committed transaction
before the caller returns, so an acknowledged decision survives a killed server.

A rejection by any reviewer rejects a live record (status ``rejected`` at stage ``human``);
the pipeline never reprocesses it, so a re-run keeps it. An edit replaces fields of the record's
content and adds the value it replaced to ``originals`` as a layer by ``human:<reviewer>``
(above any stage's rewrite, such as a redaction: the lineage of its content); the diff is
stored with the decision. Undo takes back a reviewer's latest decision and
restores what it changed. Records rejected by a machine check stay rejected whatever a human
says: an ``accept`` there is recorded (and counts as disagreement with the check).
"""

from __future__ import annotations

import copy
import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal, cast

from synthloop.errors import ReviewError
from synthloop.records import Status, note_rewrite, originals_from
from synthloop.store import RunStore
from synthloop.validate.human.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)

HUMAN = "human"
Action = Literal["accept", "reject", "edit"]
ACTIONS: tuple[Action, ...] = ("accept", "reject", "edit")
REJECT_REASONS = ("wrong answer", "unclear or ambiguous", "unsafe or private data",
                  "low quality", "off target")


@dataclass(frozen=True, slots=True)
class Decision:
    id: int
    reviewer: str
    seq: int
    action: Action
    reason: str | None


def label_of(action: str) -> str:
    """What a decision says about the record for agreement: an edit accepts the fixed record."""
    return "reject" if action == "reject" else "accept"


class HumanLayer:
    """Reads and writes human decisions over one run store."""

    def __init__(self, store: RunStore) -> None:
        self.store = store

    def decide(self, seq: int, reviewer: str, action: str, reason: str | None = None,
               edits: dict[str, Any] | None = None) -> Decision:
        """Record one decision, committed before returning."""
        if action not in ACTIONS:
            raise ReviewError(f"unknown action {action!r}; use one of {', '.join(ACTIONS)}")
        if action == "reject" and not (reason or "").strip():
            raise ReviewError("a rejection needs a reason")
        store = self.store
        with store.transaction():
            content = store.review_content(seq)
            if content is None:
                raise ReviewError(f"no record with seq {seq} in this run")
            status, sstage, data, stored_originals = content
            if status == "failed":
                raise ReviewError(f"record {seq} is quarantined (failed at {sstage}); it has "
                                  "no content to review until a re-run retries it")
            originals = originals_from(stored_originals) if stored_originals else {}
            # a copy: the edit below adds layers to ``originals``, which share its lists
            before: dict[str, Any] = {"originals": copy.deepcopy(stored_originals or {}),
                                      "data": {}}
            diff = None
            if action == "edit":
                changes = _valid_edits(seq, data, edits)
                before["data"] = {k: data[k] for k in changes}
                diff = {k: _diff(k, data[k], v) for k, v in changes.items()}
                for key, value in changes.items():
                    note_rewrite(originals, key, f"{HUMAN}:{reviewer}", data[key])
                    data[key] = value
                store.set_content(seq, data, originals)
                reason = reason or f"edited {', '.join(changes)}"
            verdict_reason = f"{reviewer}: {reason}" if reason else reviewer
            decision_id = store.add_decision(
                seq, reviewer, action, reason,
                (HUMAN, f"{HUMAN}.{action}", action != "reject", verdict_reason), diff, before)
            self._settle_status(seq)
        return Decision(decision_id, reviewer, seq, action, reason)

    def undo(self, reviewer: str) -> Decision | None:
        """Take back the reviewer's latest decision (content, verdict and status)."""
        store = self.store
        with store.transaction():
            last = store.last_decision(reviewer)
            if last is None:
                return None
            decision_id, seq, action, reason, before = last
            if before["data"]:
                content = store.review_content(seq)
                assert content is not None  # a decided record is never deleted
                data = content[2]
                data.update(before["data"])
                store.set_content(seq, data, before["originals"])
            store.undo_decision(decision_id)
            self._settle_status(seq)
        return Decision(decision_id, reviewer, seq, cast(Action, action), reason)

    def _settle_status(self, seq: int) -> None:
        """A live record is rejected while any reviewer's latest decision rejects it."""
        status, sstage = self.store.record_status(seq)
        if status != "ok" and sstage != HUMAN:
            return  # rejected by a machine check: a human decision does not change that
        rejects = [(r, why) for r, (action, why) in self.latest_for(seq).items()
                   if action == "reject"]
        if rejects:
            reason = "; ".join(f"{r}: {why}" for r, why in rejects)
            self.store.set_status(seq, Status.REJECTED, HUMAN, f"human review ({reason})")
        else:
            self.store.set_status(seq, Status.OK, None, None)

    def latest_for(self, seq: int) -> dict[str, tuple[str, str | None]]:
        """Each reviewer's standing decision on one record: reviewer -> (action, reason)."""
        return {r: (a, why) for _, _, r, _, a, why, _ in self.store.decisions(seq)}

    def standing(self) -> dict[int, dict[str, str]]:
        """seq -> reviewer -> action, the latest decision of each reviewer on each record."""
        out: dict[int, dict[str, str]] = defaultdict(dict)
        for _, _, reviewer, seq, action, _, _ in self.store.decisions():
            out[seq][reviewer] = action
        return dict(out)

    def history(self, seq: int) -> list[dict[str, Any]]:
        return [{"id": i, "ts": ts, "reviewer": r, "action": a, "reason": why, "diff": diff}
                for i, ts, r, _, a, why, diff in self.store.decisions(seq)]

    def count(self) -> int:
        return self.store.decision_count()

    def funnel_counts(self) -> tuple[int, int, int, int] | None:
        """(reviewed, passed, rejected, edited) over records live before review; None when
        nobody has reviewed anything (asked first: the counts read every record)."""
        if not self.count():
            return None
        reviewed, rejected, edited = self.store.review_counts(HUMAN)
        if not reviewed:
            return None
        return reviewed, reviewed - rejected, rejected, edited


def _valid_edits(seq: int, data: dict[str, Any], edits: dict[str, Any] | None
                 ) -> dict[str, str]:
    if not edits:
        raise ReviewError("an edit needs at least one changed field")
    changes = {}
    for key, value in edits.items():
        if not isinstance(data.get(key), str) or not isinstance(value, str):
            text_fields = ", ".join(k for k, v in data.items() if isinstance(v, str))
            raise ReviewError(f"record {seq}: {key!r} is not a text field of the record; "
                              f"editable fields: {text_fields}")
        if value != data[key]:
            changes[key] = value
    if not changes:
        raise ReviewError("the edit changes nothing")
    return changes


def _diff(key: str, old: str, new: str) -> str:
    return "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(),
                                          f"{key} (before)", f"{key} (after)", lineterm=""))


def judge_passes(store: RunStore) -> dict[int, bool]:
    """seq -> whether the record passed every check of the model-judge stages (stages whose
    name contains ``judge``); quarantines (``.failed``) are not judgements."""
    return store.check_passes("%judge%")


def agreement_summary(store: RunStore) -> dict[str, Any]:
    """Inter-reviewer agreement on the records reviewed by more than one reviewer (Cohen's
    kappa per pair, Krippendorff's alpha over all, Fleiss' kappa over the records every reviewer
    saw when there are three or more), and judge-versus-human agreement when a judge ran."""
    standing = HumanLayer(store).standing()
    labels = {seq: {r: label_of(a) for r, a in by.items()} for seq, by in standing.items()}
    reviewers = sorted({r for by in labels.values() for r in by})
    out: dict[str, Any] = {"reviewers": {r: sum(r in by for by in labels.values())
                                         for r in reviewers}, "pairs": []}
    for i, a in enumerate(reviewers):
        for b in reviewers[i + 1:]:
            both = [by for by in labels.values() if a in by and b in by]
            if both:
                la, lb = [by[a] for by in both], [by[b] for by in both]
                out["pairs"].append({"a": a, "b": b, "n": len(both),
                                     "agreement": percent_agreement(la, lb),
                                     "cohen_kappa": cohen_kappa(la, lb)})
    shared = [list(by.values()) for by in labels.values() if len(by) > 1]
    if shared:
        out["krippendorff_alpha"] = {"n": len(shared), "value": krippendorff_alpha(shared)}
    if len(reviewers) >= 3:
        full = [[by[r] for r in reviewers] for by in labels.values() if len(by) == len(reviewers)]
        if full:
            out["fleiss_kappa"] = {"n": len(full), "value": fleiss_kappa(full)}
    judged = judge_passes(store)
    pairs = [("accept" if judged[seq] else "reject", label)
             for seq, by in labels.items() if seq in judged for label in by.values()]
    if pairs:
        jl, hl = [p[0] for p in pairs], [p[1] for p in pairs]
        out["judge_vs_human"] = {"n": len(pairs), "agreement": percent_agreement(jl, hl),
                                 "cohen_kappa": cohen_kappa(jl, hl)}
    return out


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The agreement summary as short sentences for the terminal (``synthloop status``)."""

    def fmt(value: float | None) -> str:
        return "n/a (one label only)" if value is None else f"{value:.3f}"

    lines = [", ".join(f"{r}: {n} records" for r, n in summary["reviewers"].items())]
    lines += [f"{p['a']} vs {p['b']} on {p['n']} shared records: agreement "
              f"{p['agreement']:.1%}, Cohen's kappa {fmt(p['cohen_kappa'])}"
              for p in summary["pairs"]]
    for key, name in (("krippendorff_alpha", "Krippendorff's alpha"),
                      ("fleiss_kappa", "Fleiss' kappa")):
        if key in summary:
            lines.append(f"{name} over {summary[key]['n']} records: "
                         f"{fmt(summary[key]['value'])}")
    if "judge_vs_human" in summary:
        j = summary["judge_vs_human"]
        lines.append(f"judge vs human on {j['n']} decisions: agreement {j['agreement']:.1%}, "
                     f"Cohen's kappa {fmt(j['cohen_kappa'])}")
    return lines
