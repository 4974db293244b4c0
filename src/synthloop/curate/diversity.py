"""``curate.diversity``: a verdict-free report on how varied the accepted data is, and on the
generator's fingerprints.

- **distinct-n** (Li et al., 2016): unique word n-grams / all word n-grams, n = 1, 2, 3.
- **self-BLEU** (Zhu et al., 2018): mean BLEU-4 of each sampled text against all the other
  sampled texts; high means the texts echo one another.
- **Vendi score** (Friedman & Dieng, 2023): ``exp`` of the entropy of the eigenvalues of
  ``K / n``, ``K`` the cosine-similarity matrix of the embeddings; the effective number of
  distinct items, between 1 (all the same) and n. Computed from the d x d matrix ``X^T X / n``,
  which has the same non-zero eigenvalues, so it costs ``n d^2`` instead of ``n^3``.
- the most repeated **openings** (first words) and **phrases** (word n-grams by the number of
  records containing them): a teacher's tics, such as "Sure! Here is".
- **length** statistics in words, and **attribute balance** against the spec's target shares
  (per axis: observed and target share of each value, and the total variation distance).

Text metrics use a seeded reservoir sample of ``max_records`` records, so memory stays flat on
large runs; lengths, openings and balance count every record.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from pydantic import Field

from synthloop.checks.ngrams import distinct_n, ngrams, words
from synthloop.clip import clip
from synthloop.curate.dedup import compared_text
from synthloop.records import Record, exchange
from synthloop.registry import register
from synthloop.stages import ReportStage, StageContext, StageParams

SHOWN_CHARS = 200  # of a repeated opening or phrase


def self_bleu(docs: Sequence[Sequence[str]], max_n: int = 4) -> float:
    """Mean BLEU-``max_n`` of each document against all the others (add-one smoothing for
    n > 1, brevity penalty against the closest other length)."""
    docs = [d for d in docs if d]
    if len(docs) < 2:
        return 0.0
    log_precision = np.zeros(len(docs))
    for n in range(1, max_n + 1):
        counts = [Counter(ngrams(d, n)) for d in docs]
        # the two largest counts of each n-gram (with their documents), to clip against
        # "every document but this one" in one pass
        top: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for doc_id, c in enumerate(counts):
            for g, k in c.items():
                best = top.setdefault(g, [])
                best.append((k, doc_id))
                if len(best) > 2:
                    best.sort(reverse=True)
                    best.pop()
        for doc_id, c in enumerate(counts):
            total = sum(c.values())
            clipped = 0
            for g, k in c.items():
                others = [cnt for cnt, d in top[g] if d != doc_id]
                clipped += min(k, max(others, default=0))
            smooth = 0 if n == 1 else 1
            p = (clipped + smooth) / (total + smooth) if total + smooth else 0.0
            log_precision[doc_id] += math.log(p) / max_n if p > 0 else -math.inf
    lengths = np.array([len(d) for d in docs])
    order = np.sort(lengths)
    scores = []
    for doc_id, length in enumerate(lengths):
        pos = np.searchsorted(order, length)
        near = [order[i] for i in (pos - 1, pos, pos + 1) if 0 <= i < len(order)]
        near.remove(length)  # this document's own length
        ref = min(near, key=lambda r: (abs(r - length), r))
        bp = 1.0 if length > ref else math.exp(1 - ref / length)
        scores.append(bp * math.exp(log_precision[doc_id]))
    return float(np.mean(scores))


def vendi_score(x: np.ndarray) -> float:
    """Vendi score of unit-length rows ``x`` (cosine kernel)."""
    n = len(x)
    if n == 0:
        return 0.0
    eig = np.linalg.eigvalsh((x.T @ x).astype(np.float64) / n)
    eig = eig[eig > 1e-12]
    return float(np.exp(-np.sum(eig * np.log(eig))))


def length_stats(lengths: Sequence[int]) -> dict[str, float]:
    if not lengths:
        return {}
    arr = np.asarray(lengths, dtype=np.float64)
    q = np.percentile(arr, [5, 25, 50, 75, 95])
    return {"mean": round(float(arr.mean()), 2), "std": round(float(arr.std()), 2),
            "min": float(arr.min()), "p5": float(q[0]), "p25": float(q[1]),
            "median": float(q[2]), "p75": float(q[3]), "p95": float(q[4]),
            "max": float(arr.max())}


def target_shares(spec: Any) -> dict[str, dict[str, float]]:
    """Target share of each value per attribute axis (``skill`` from the taxonomy)."""
    target = getattr(spec, "target", None)
    if target is None:
        return {}
    axes: dict[str, dict[str, float]] = {}
    if target.taxonomy:
        axes["skill"] = {s.skill: s.weight for s in target.taxonomy}
    for axis, values in target.attributes.items():
        axes[axis] = dict(values) if isinstance(values, dict) else {v: 1.0 for v in values}
    return {axis: {v: w / sum(ws.values()) for v, w in ws.items()} for axis, ws in axes.items()}


def attribute_balance(observed: dict[str, Counter[str]], target: dict[str, dict[str, float]]
                      ) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for axis in sorted(set(observed) | set(target)):
        counts = observed.get(axis, Counter())
        total = sum(counts.values())
        want = target.get(axis, {})
        values = sorted(set(counts) | set(want))
        rows = [{"value": v, "count": counts.get(v, 0),
                 "share": round(counts.get(v, 0) / total, 4) if total else 0.0,
                 "target": round(want[v], 4) if v in want else None} for v in values]
        entry: dict[str, Any] = {"values": rows}
        if want and total:
            entry["total_variation"] = round(0.5 * sum(
                abs(counts.get(v, 0) / total - want.get(v, 0.0)) for v in values), 4)
        out[axis] = entry
    return out


def _top(counter: Counter[tuple[str, ...]], total: int, k: int) -> list[dict[str, Any]]:
    """The ``k`` most frequent keys seen more than once; ties in text order, so reports are
    reproducible. Their text is clipped: one "word" can be a megabyte-long blob."""
    ranked = sorted(((key, c) for key, c in counter.items() if c > 1),
                    key=lambda kc: (-kc[1], kc[0]))[:k]
    return [{"text": clip(" ".join(key), SHOWN_CHARS), "count": c, "share": round(c / total, 4)}
            for key, c in ranked]


class DiversityParams(StageParams):
    """``fields`` chooses the text measured (default: the response, else all text)."""

    fields: list[str] | None = None
    max_records: int = Field(default=5000, ge=10, description="reservoir sample for text "
                             "metrics")
    self_bleu_sample: int = Field(default=300, ge=2)
    vendi: bool = Field(default=True, description="embed the sample with all-MiniLM-L6-v2")
    vendi_sample: int = Field(default=2000, ge=2)
    opening_words: int = Field(default=3, ge=1, le=10)
    phrase_n: int = Field(default=4, ge=2, le=10)
    top_k: int = Field(default=10, ge=1)


@register
class Diversity(ReportStage[DiversityParams]):
    """Reports how varied the accepted data is (distinct-n, self-BLEU, Vendi) and the
    generator's fingerprints (repeated openings and phrases, attribute balance)."""

    name = "curate.diversity"

    def needs_embedder(self) -> bool:
        return self.params.vendi

    def _text(self, record: Record) -> str:
        p = self.params
        if p.fields is not None:
            return compared_text(record, p.fields)
        return exchange(record.data).answer or compared_text(record, None)

    @classmethod
    def tables(cls, label: str, report: dict[str, Any]) -> list[Any]:
        return diversity_tables(label, report)

    def report(self, records: Iterable[Record], ctx: StageContext) -> dict[str, Any]:
        p = self.params
        rng = random.Random(ctx.seed)
        sample: list[str] = []
        lengths: list[int] = []
        openings: Counter[tuple[str, ...]] = Counter()
        observed: dict[str, Counter[str]] = {}
        n = 0
        for rec in records:
            text = self._text(rec)
            tokens = words(text)
            lengths.append(len(tokens))
            if tokens:
                openings[tuple(tokens[:p.opening_words])] += 1
            for axis, value in rec.attributes.items():
                if isinstance(value, str | int | float | bool):
                    observed.setdefault(axis, Counter())[str(value)] += 1
            n += 1
            if len(sample) < p.max_records:
                sample.append(text)
            elif (j := rng.randrange(n)) < p.max_records:
                sample[j] = text
        docs = [words(t) for t in sample]
        phrases: Counter[tuple[str, ...]] = Counter()
        for doc in docs:  # phrases with a word in them: "0 2 0 2" is arithmetic, not style
            phrases.update({g for g in ngrams(doc, p.phrase_n)
                            if any(not w.isdigit() for w in g)})
        bleu_docs = rng.sample(docs, min(p.self_bleu_sample, len(docs)))
        report: dict[str, Any] = {
            "records": n,
            "sampled": len(sample),
            "distinct": {f"distinct_{k}": round(distinct_n(docs, k), 4) for k in (1, 2, 3)},
            "self_bleu": {"score": round(self_bleu(bleu_docs), 4), "sample": len(bleu_docs)},
            "length_words": length_stats(lengths),
            "top_openings": _top(openings, max(n, 1), p.top_k),
            "top_phrases": _top(phrases, max(len(docs), 1), p.top_k),
            "attribute_balance": attribute_balance(observed, target_shares(ctx.spec)),
        }
        if p.vendi and sample:
            from synthloop.embed import embed

            chosen = rng.sample(sample, min(p.vendi_sample, len(sample)))
            report["vendi"] = {"score": round(vendi_score(embed(chosen)), 3),
                               "sample": len(chosen), "model": "all-MiniLM-L6-v2"}
        return report


def diversity_tables(label: str, report: dict[str, Any]) -> list[Any]:
    """The diversity report as a summary table and the generator's fingerprints."""
    from rich.table import Table  # only when shown: rich is slow to import

    summary = Table(title=f"Diversity ({label}, {report['records']:,} records)",
                    title_justify="left")
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    for name, value in report["distinct"].items():
        summary.add_row(name.replace("_", "-"), f"{value:.3f}")
    summary.add_row(f"self-BLEU (n={report['self_bleu']['sample']}, lower is more varied)",
                    f"{report['self_bleu']['score']:.3f}")
    if "vendi" in report:
        summary.add_row(f"Vendi score (n={report['vendi']['sample']}, effective distinct items)",
                        f"{report['vendi']['score']:.1f}")
    lengths = report.get("length_words") or {}
    if lengths:
        summary.add_row("length in words (median, p5-p95)",
                        f"{lengths['median']:.0f} ({lengths['p5']:.0f}-{lengths['p95']:.0f})")
    for axis, entry in report.get("attribute_balance", {}).items():
        if "total_variation" in entry:
            summary.add_row(f"balance vs target: {axis} (total variation)",
                            f"{entry['total_variation']:.3f}")
    prints = Table(title="Generator fingerprints: most repeated openings and phrases",
                   title_justify="left")
    prints.add_column("opening")
    prints.add_column("share", justify="right")
    prints.add_column("phrase")
    prints.add_column("share", justify="right")
    openings, phrases = report.get("top_openings", []), report.get("top_phrases", [])
    for i in range(min(max(len(openings), len(phrases)), 8)):
        o = openings[i] if i < len(openings) else None
        p = phrases[i] if i < len(phrases) else None
        none = "(none repeated)" if i == 0 else ""
        prints.add_row(o["text"] if o else none, f"{o['share']:.1%}" if o else "",
                       p["text"] if p else none, f"{p['share']:.1%}" if p else "")
    return [summary, prints]
