"""Banking77: which synthetic data from the bundled local teacher helps a few-shot classifier?

1. Draw 10 real training examples per intent (fixed seed) from the Banking77 training set; the
   5-shot real set is the first 5 of each intent's 10, so the 10-shot set contains it.
2. Generate with the bundled SmolLM2-135M-Instruct (llama.cpp), resumable and cached:
   - ``aug``: the example spec ``examples/banking77_augment.yaml`` into
     ``runs/banking77-augment`` (as ``synthloop run`` does; its real set is the 5-shot set):
     each real example rewritten three ways (paraphrase, register, added detail) under
     the drift control (embedding similarity to the source in [0.5, 0.97]), length rules and
     exact dedup, the label filter and its own measurement (the filter's decisions are redone
     here per configuration);
   - ``free``: ``generate.labelled_examples``, new examples per intent from 3 real shots
     (``--free-per-intent``; 0 skips it).
3. Pools of synthetic data, each filtered or not: ``aug``, ``aug-nodrift`` (the augmentations the
   drift control rejected, put back), ``aug+filter`` (``validate.label_consistency`` trained on
   the arm's real set, threshold set on held-out real data so that it keeps 90% of them),
   ``aug+strict`` (the threshold that keeps 50%), ``aug+top1``/``top2``/``top5`` (its most
   probable 1, 2 or 5 per intent), and the same for ``free``. A pool for a real set holds
   only rewrites of that set's own examples. With one real example per intent the filters are
   ``ONE_SHOT_FILTERS`` (no real example can be held out). ``copies`` is the control: the
   real set copied 8 times, added as if synthetic.
4. For each real set (5 and 10 per intent) and pool, a curve experiment with the embedding
   classifier on all 3,080 test items: real-only, real + 0.1x to 8x the real set of
   synthetic items (points beyond the pool left out), real + all of the pool with each synthetic
   item weighted 0.5 and 0.25 against a real one in the loss, and fixed-size 10% and 25%
   shares, ``--seeds`` seeds. Seeds redraw the synthetic subset (and its order); the real draw
   is fixed.

Everything goes under ``runs/banking77/`` (git-ignored); the table of every configuration and
one curve per real set go to ``--out`` (``results.md``, ``curve-<k>shot.svg``, ``results.json``).
``--labels N`` (smoke test) keeps the first N intents for the real sets, the generation *and*
the test set: an experiment whose arms and evaluation disagree on labels is refused.

    .venv/bin/python benchmarks/banking77_experiment.py --labels 10 --free-per-intent 2
    .venv/bin/python benchmarks/banking77_experiment.py --out benchmarks/results/banking77

The low-resource regime (1-2 real per intent, the 1x-8x curve) needs more rewrites of fewer
examples: ``--rewrite 1 --rewrite-seeds 11,12,13,14`` makes one run per seed, each rewriting
every intent's first real example once per variation; measure them with ``--aug-run``:

    .venv/bin/python benchmarks/banking77_experiment.py --rewrite 1 --rewrite-seeds 11,12
    .venv/bin/python benchmarks/banking77_experiment.py --no-generate --free-per-intent 0 \
        --aug-run runs/banking77/rewrite-e1-s* --shots 1,2 \
        --out benchmarks/results/banking77/lowshot

The verbatim variation keeps each real example word for word behind a clause of the teacher's
(the writer's situation), so the label cannot drift: ``--rewrite 1,2,3,4,5,6,7,8,9,10
--variations context --rewrite-seeds 21`` writes one clause per example of the 10-shot set
(its first 5 are the 5-shot set) into ``<runs>/context-e1-10-s21``; ``--ctx-run`` measures the
pools ``ctx`` (each clause before its own example), its filters, ``ctx-mix`` (each clause also
before the other real examples of its intent in the arm's real set: up to ``k``x the real set
from one reply per example) and ``ctx-swap`` (the same clauses before another intent's
examples: the control for "any clause helps").

List continuation (``generate.labelled_examples`` with ``style: list``, a raw completion of a
list of an intent's real examples; issue 23's seventh pass): ``--list-per-intent 10
--list-real 5`` writes 10 new examples per intent, each continuing a list of all 5 of the
intent's 5-shot examples (``--list-real 10``: the 10-shot set's), into
``<runs>/list-r5-s31``; ``--list-run`` measures the pools ``list`` and ``list+<filter>`` for
every arm whose real set holds all the examples the run showed:

    .venv/bin/python benchmarks/banking77_experiment.py --list-per-intent 10 --list-real 5
    .venv/bin/python benchmarks/banking77_experiment.py --no-generate --free-per-intent 0 \
        --list-run runs/banking77/list-r5-s31 --pools list,list+filter --multiples 1,2 \
        --shares '' --weights '' --out benchmarks/results/banking77/list

``--precision-sample 100`` writes 100 random items of ``--precision-pool`` (default ``aug``: the
augmentations of the first ``--shots`` set's examples; text and intended intent only, nothing
of the filter's decision) to ``precision_sample.csv`` for a person to mark right or wrong in
a ``right`` column; given the marked file (``--precision-labels``), each filter's keep rate on
right and wrong records is reported (printed, for ``precision.md``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pandas as pd
import yaml
from rich.console import Console

import synthloop
from synthloop.generate.augment import CONTEXT
from synthloop.measure.consistency import LabelConsistency, LabelConsistencyParams
from synthloop.measure.experiment import validate_experiment
from synthloop.measure.runner import run_experiment
from synthloop.records import Record, Status
from synthloop.report import svg
from synthloop.stages import StageContext

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "banking77"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "banking77_augment.yaml"
TEACHER = {"backend": "local", "temperature": 0.8, "top_p": 0.95, "max_tokens": 48,
           "n_ctx": 1024}
# fractions too: a generation stopped early on a busy machine may not fill 1x
MULTIPLES = [0.1, 0.25, 0.5, 1, 2, 4, 8]
SHARES = [0.1, 0.25]
# the filters tried: (name, top_k, real_recall, source_ratio); "strict" keeps half the held-out
# real examples; "bare" ones drop the stage's like-source pass (a rewrite below the bar that keeps
# half its real source's probability passes), leaving LAMBADA's plain threshold; top-k ranks
# first choices only, so the like-source pass (which rescues other first choices) is off there
FILTERS = [("filter", None, 0.9, 0.5), ("strict", None, 0.5, 0.5), ("bare", None, 0.9, None),
           ("bare-strict", None, 0.5, None), ("top1", 1, 0.9, None), ("top2", 2, 0.9, None),
           ("top5", 5, 0.9, None)]
# with one real example per intent, a model that held a rewrite's source out has never seen its
# intent, and no held-out real example can set a threshold: the filter is then the model of all
# the real data (which saw the source), keeping what it puts first in the intended intent
# ("agree") or its most probable k per intent; a weaker check, named apart
ONE_SHOT_FILTERS = [("agree", None, 0.9, None), ("top2", 2, 0.9, None),
                    ("top5", 5, 0.9, None)]
COPIES = 8
# each synthetic item's weight in the student's loss against a real one, on the real+all arm
WEIGHTS = [0.5, 0.25]
# the worked example of the verbatim variation (only the clause is the teacher's to write)
CONTEXT_DEMO = {"variation": "context", "text": "My card payment was declined.",
                "rewrite": "I'm at the supermarket checkout with a full trolley."}
DOMAIN = "messages that customers of a bank send to its support chat"


def real_sets(labels: list[str], shots: list[int], runs: Path,
              seed: int = 0) -> dict[int, Path]:
    """The real sets: the first ``k`` of each intent's random order, for each ``k``; seed 0 is
    the fixed draw of every pass, another ``seed`` redraws it (``real<k>-s<seed>.csv``)."""
    train = pd.read_csv(DATA / "train.csv")
    train = train[train.category.isin(labels)]
    rng = np.random.default_rng(seed)
    ordered = [group.iloc[rng.permutation(len(group))]
               for _, group in train.groupby("category", sort=True)]
    runs.mkdir(parents=True, exist_ok=True)
    out = {}
    for k in shots:
        path = runs / (f"real{k}.csv" if seed == 0 else f"real{k}-s{seed}.csv")
        pd.concat([g.iloc[:k] for g in ordered]).to_csv(path, index=False)
        out[k] = path
    return out


def test_set(labels: list[str], runs: Path, all_labels: int) -> Path:
    """All test items of the experiment's intents (the whole file when all are used)."""
    if len(labels) == all_labels:
        return DATA / "test.csv"
    frame = pd.read_csv(DATA / "test.csv")
    path = runs / "test.csv"
    frame[frame.category.isin(labels)].to_csv(path, index=False)
    return path


def augment_run(labels: list[str], real5: Path, runs: Path, all_labels: int, *,
                generate: bool = True) -> Path:
    """Run the example spec (rewrites, drift control, rules, dedup, the label filter, its
    measurement); a smoke test runs it for its intents only, without the measurement, or
    (``generate=False``, no run of its own yet) reads the full run's records of its intents."""
    full = EXAMPLE.parents[1] / "runs" / "banking77-augment"  # where `synthloop run` puts it
    if len(labels) == all_labels or (not generate and not (runs / f"aug-{len(labels)}").exists()):
        if generate:
            synthloop.run(EXAMPLE, full)
        return full
    spec = yaml.safe_load(EXAMPLE.read_text())
    axes = spec["target"]["attributes"]
    spec["target"]["size"] = len(labels) * len(axes["variation"]) * len(axes["example"])
    spec["target"]["attributes"]["intent"] = labels
    spec["stages"] = [st for st in spec["stages"] if st["use"] != "measure.experiment"]
    for stage in spec["stages"]:
        for key in ("examples", "real"):
            if key in stage:
                stage[key] = str(real5.resolve())
    if generate:
        synthloop.run(spec, runs / f"aug-{len(labels)}")
    return runs / f"aug-{len(labels)}"


def rewrite_spec(examples: list[str], seed: int, kinds: list[str], real: Path,
                 parallel: int = 2) -> dict[str, Any]:
    """The example spec narrowed to rewriting each intent's real examples ``examples`` (numbers,
    1 is the first, in the order of ``real``: the 10-shot set, whose first 5 are the 5-shot set)
    once per variation of ``kinds``, at ``seed``, with ``parallel`` requests in flight and
    without its label filter and measurement (redone per configuration): one run per seed adds
    one rewrite per example and variation, so a run stopped early still covers every intent
    evenly.
    ``context`` is the verbatim variation: a clause of the teacher's before the unchanged
    example."""
    spec = yaml.safe_load(EXAMPLE.read_text())
    spec["seed"] = seed
    axes = spec["target"]["attributes"]
    axes["example"] = examples
    axes["variation"] = kinds
    spec["target"]["size"] = len(axes["intent"]) * len(kinds) * len(examples)
    spec["teachers"]["local"]["parallel"] = parallel
    spec["stages"] = [st for st in spec["stages"]
                      if st["use"] not in ("validate.label_consistency", "measure.experiment")]
    stage = spec["stages"][0]
    stage["examples"] = str(real.resolve())
    if "context" in kinds:
        stage["verbatim"] = {"context": CONTEXT}
        stage["demonstrations"].append(CONTEXT_DEMO)
    return spec


def free_spec(labels: list[str], real: Path, per_intent: int) -> dict[str, Any]:
    return {
        "name": "banking77-free", "seed": 7,
        "target": {"size": per_intent * len(labels), "oversample": 1.0, "max_rounds": 1,
                   "taxonomy": [{"skill": lab} for lab in labels]},
        "teachers": {"local": TEACHER},
        "stages": [
            {"use": "generate.labelled_examples", "examples": str(real),
             "label_field": "category", "shots": 3, "domain": DOMAIN},
            {"use": "validate.rules", "required": ["text"],
             "fields": {"text": {"min_chars": 8, "max_chars": 300}}},
            {"use": "curate.dedup", "method": "exact", "fields": ["text"]},
        ],
        "outputs": {"formats": ["jsonl"], "style": "raw"},
    }


def list_spec(labels: list[str], real: Path, shots: int, per_intent: int,
              seed: int = 31) -> dict[str, Any]:
    """``per_intent`` new examples of each intent by ``style: list``: a raw completion of a
    list of the intent's ``shots`` real examples of ``real`` (all of them, in a new order per
    sample), near copies of them (0.9 alike) and of each other (MinHash) dropped."""
    return {
        "name": "banking77-list", "seed": seed,
        "target": {"size": per_intent * len(labels), "oversample": 1.0, "max_rounds": 1,
                   "taxonomy": [{"skill": lab} for lab in labels]},
        "teachers": {"local": {**TEACHER, "parallel": 4}},
        "stages": [
            {"use": "generate.labelled_examples", "examples": str(real.resolve()),
             "label_field": "category", "shots": shots, "domain": DOMAIN, "style": "list",
             "max_shot_similarity": 0.9},
            {"use": "validate.rules", "required": ["text"],
             "fields": {"text": {"min_chars": 8, "max_chars": 300}}},
            {"use": "curate.dedup", "method": "minhash", "fields": ["text"], "shingle": "char",
             "ngram": 4, "threshold": 0.8},
        ],
        "outputs": {"formats": ["jsonl"], "style": "raw"},
    }


def generate_run(spec: dict[str, Any], run_dir: Path, console: Console) -> None:
    """Run (or resume) a generation spec into ``run_dir`` and say what it accepted."""
    t0 = time.monotonic()
    handle = synthloop.run(spec, run_dir)
    console.print(f"{run_dir}: {handle.store.count(Status.OK)} accepted of "
                  f"{handle.store.count()} ({time.monotonic() - t0:.0f}s)")


def list_items(run_dirs: list[Path], real: pd.DataFrame) -> list[dict[str, Any]]:
    """The accepted items of the ``style: list`` runs, as :func:`usable_list_items` keeps
    them for the arm whose real set is ``real``."""
    runs = []
    for run_dir in run_dirs:
        spec = yaml.safe_load((run_dir / "spec.yaml").read_text())
        with synthloop.open_run(run_dir) as handle:
            runs.append((set(pd.read_csv(spec["stages"][0]["examples"]).text), [
                {"id": rec.id, "text": str(rec.data.get("text") or ""),
                 "label": rec.data["label"], "source": None, "variation": "list"}
                for rec in handle.store.iter_records() if rec.status is Status.OK]))
    return usable_list_items(runs, set(real.text))


def usable_list_items(runs: list[tuple[set[str], list[dict[str, Any]]]],
                      real: set[str]) -> list[dict[str, Any]]:
    """The items of the runs (each with the real texts its prompts showed) whose shown texts
    are all in ``real`` (a run made from the 5-shot set serves the 10-shot arms too, not the
    reverse), without exact repeats across runs or of a text of ``real`` (a run from the
    5-shot set may repeat one of the 10-shot set's other examples)."""
    items: dict[str, dict[str, Any]] = {}
    for shown, run_items in runs:
        if shown <= real:
            for it in run_items:
                if it["text"] not in real:
                    items.setdefault(it["text"].strip().casefold(), it)
    return list(items.values())


def generated(run_dirs: list[Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(items that passed every check before the label filter, items the drift control alone
    rejected) of the runs: the label filter is applied per configuration, on each real set."""
    kept: list[dict[str, Any]] = []
    drifted: list[dict[str, Any]] = []
    seen: set[str] = set()
    for run_dir in run_dirs:
        kept_, drifted_ = _generated(run_dir, seen)
        kept += kept_
        drifted += drifted_
    return kept, drifted


def _generated(run_dir: Path, seen: set[str],
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    kept, drifted = [], []
    with synthloop.open_run(run_dir) as handle:
        for rec in handle.store.iter_records(with_verdicts=True):
            text = str(rec.data.get("text") or "")
            item = {"id": rec.id, "text": text, "label": rec.data.get("label"),
                    "source": rec.data.get("source"), "variation": rec.data.get("variation")}
            # the spec's length rule and exact dedup again: a run stopped early (--no-generate)
            # holds records that later stages have not seen yet
            usable = 8 <= len(text) <= 300 and text.strip().casefold() not in seen
            if usable and (rec.status is Status.OK
                           or rec.status_stage == "validate.label_consistency"):
                seen.add(text.strip().casefold())
                kept.append(item)
            elif rec.status is Status.REJECTED and any(
                    v.check.endswith((".drifted", ".near_copy")) for v in rec.verdicts):
                drifted.append(item)
    return kept, drifted


def label_filter(items: list[dict[str, Any]], real: Path, runs: Path, *, top_k: int | None,
                 real_recall: float = 0.9, source_ratio: float | None = 0.5,
                 one_shot: bool = False,
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The items ``validate.label_consistency`` keeps (the stage itself, run on them);
    ``source_ratio``: the stage's like-source pass (None: off); ``one_shot``: judged by the
    model of all the real data, first choice only (see ``ONE_SHOT_FILTERS``)."""
    stage = LabelConsistency(LabelConsistencyParams(
        real=str(real), real_fields={"label": "category"}, top_k=top_k, real_recall=real_recall,
        threshold=0.0 if one_shot else None, source_field=None if one_shot else "source",
        source_ratio=source_ratio, cache_dir=str((runs / "cache").resolve())))
    ctx = StageContext(spec_hash="bench", stage=stage.name, stage_index=0, seed=0,
                       run_dir=runs)
    stage.setup(ctx)
    records = [Record(id=it["id"], data={"text": it["text"], "label": it["label"],
                                          "source": it.get("source")})
               for it in items]
    stage.index(records, ctx)
    stage.decide(records, ctx)
    verdicts = {r.id: r.verdicts[-1] for r in records}
    kept = [dict(it, filter=verdicts[it["id"]].details) for it in items
            if verdicts[it["id"]].passed]
    checks = Counter(v.check.rsplit(".", 1)[-1] for v in verdicts.values())
    return kept, {"calibration": stage.calibration, "checks": dict(sorted(checks.items()))}


def context_mix(items: list[dict[str, Any]], real: pd.DataFrame) -> list[dict[str, Any]]:
    """Each verbatim item's clause also before every other real example of its intent in
    ``real``: the clause was written for an example of that intent, and the example is
    unchanged, so the label holds by construction; one teacher reply makes ``k`` items (arms draw
    their own label-balanced subsets, so the order here does not matter)."""
    by_intent = real.groupby("category").text.apply(list).to_dict()
    mixed = []
    for it in items:
        clause = it["text"][: -len(it["source"])].strip()
        mixed += [{"id": f"{it['id']}+{i}", "text": f"{clause} {text}", "label": it["label"],
                   "source": text, "variation": "context-mix"}
                  for i, text in enumerate(by_intent.get(it["label"], []))
                  if text != it["source"]]
    return items + mixed


def context_swap(items: list[dict[str, Any]], real: pd.DataFrame) -> list[dict[str, Any]]:
    """The control of ``context_mix``: each clause before the real examples of another intent
    (a fixed random one), labelled with theirs. If it helps as much, the gain comes from any
    clause around an unchanged example (a regulariser), not from what the teacher wrote for the
    intent."""
    by_intent = real.groupby("category").text.apply(list).to_dict()
    intents = sorted(by_intent)
    rng = np.random.default_rng(0)
    swapped = []
    for it in items:
        clause = it["text"][: -len(it["source"])].strip()
        other = intents[rng.integers(len(intents))]
        while other == it["label"] and len(intents) > 1:
            other = intents[rng.integers(len(intents))]
        swapped += [{"id": f"{it['id']}~{i}", "text": f"{clause} {text}", "label": other,
                     "source": text, "variation": "context-swap"}
                    for i, text in enumerate(by_intent[other])]
    return swapped


def write_pool(items: list[dict[str, Any]], path: Path) -> Path:
    path.write_bytes(b"".join(orjson.dumps({"text": it["text"], "label": it["label"]}) + b"\n"
                              for it in items))
    return path


def experiment(name: str, real: Path, pool: Path, test: Path, seeds: int, cache: Path, *,
               multiples: list[float], shares: list[float], weights: list[float]) -> Any:
    exp = validate_experiment({
        "name": name, "synthetic": [{"path": str(pool)}],
        "real": {"path": str(real), "fields": {"label": "category"}},
        "student": {"kind": "embedding_classifier"},
        "arms": [{"name": "real-only", "real": "all"},
                 {"name": "real+all", "real": "all", "synthetic": "all"},
                 *({"name": f"real+all w{w:g}", "real": "all", "synthetic": "all",
                    "synthetic_weight": w} for w in weights)],
        "evals": [{"name": "banking77-test", "path": str(test),
                   "fields": {"label": "category"}, "metric": "accuracy"}],
        "curve": {"multiples": multiples, "shares": shares},
        "seeds": seeds, "bootstrap": {"samples": 5000}, "cache_dir": str(cache),
    })
    return run_experiment(exp)


def table(rows: list[dict[str, Any]]) -> str:
    head = ["real/intent", "synthetic pool", "pool size", "arm", "real + syn", "accuracy",
            "95% CI", "diff vs real-only", "diff 95% CI", "verdict"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        d = r["difference"]
        verdict = ("baseline" if d is None else "helps" if d["low"] > 0
                   else "hurts" if d["high"] < 0 else "no detectable effect")
        lines.append("| " + " | ".join([
            str(r["shots"]), r["pool"], str(r["pool_size"]), r["arm"],
            f"{r['n_real']} + {r['n_synthetic']}", f"{r['metric']['value']:.4f}",
            f"[{r['metric']['low']:.4f}, {r['metric']['high']:.4f}]",
            "" if d is None else f"{d['value'] * 100:+.2f}",
            "" if d is None else f"[{d['low'] * 100:+.2f}, {d['high'] * 100:+.2f}]",
            verdict]) + " |")
    return "\n".join(lines)


def write_precision_sample(items: list[dict[str, Any]], n: int, out: Path) -> None:
    """``n`` random rewrites, with nothing of the filter's decision, for a person to mark."""
    path = out / "precision_sample.csv"
    if path.exists():  # never overwrite marks
        return
    pick = np.random.default_rng(1).choice(len(items), size=min(n, len(items)), replace=False)
    pd.DataFrame([{"id": items[i]["id"], "label": items[i]["label"], "text": items[i]["text"],
                   "right": ""} for i in sorted(pick)]).to_csv(path, index=False)


def precision(labels_file: Path, kept_ids: dict[str, set[str]]) -> str:
    """How many records a person marked right or wrong each filter keeps."""
    marked = pd.read_csv(labels_file)
    right = marked[marked.right.astype(int) == 1].id
    wrong = marked[marked.right.astype(int) == 0].id
    lines = [f"Sample: {len(marked)} items marked by reading them: {len(right)} right "
             f"(the text is a plausible message of its intended intent), {len(wrong)} wrong.", "",
             "| filter | kept of right | kept of wrong | precision of kept | kept share |",
             "|---|---|---|---|---|"]
    for name, ids in kept_ids.items():
        kr, kw = int(right.isin(ids).sum()), int(wrong.isin(ids).sum())
        prec = kr / (kr + kw) if kr + kw else float("nan")
        lines.append(f"| {name} | {kr} / {len(right)} | {kw} / {len(wrong)} | {prec:.2f} | "
                     f"{(kr + kw) / len(marked):.2f} |")
    return "\n".join(lines)


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", type=int, default=None, help="first N intents only (smoke test)")
    ap.add_argument("--shots", default="5,10", help="real examples per intent, comma-separated")
    ap.add_argument("--free-per-intent", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--runs", type=Path, default=Path("runs/banking77"))
    ap.add_argument("--out", type=Path, default=None, help="default: <runs>/results")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--aug-run", type=Path, nargs="+", default=None,
                    help="read the rewrites from these runs (made from the 5-shot set) instead")
    ap.add_argument("--rewrite", default=None, metavar="EXAMPLES",
                    help="generate only: rewrite these real examples of each intent (e.g. 1 or "
                         "1,2) once per variation and --rewrite-seeds seed, into "
                         "<runs>/rewrite-e<EXAMPLES>-s<seed>")
    ap.add_argument("--rewrite-seeds", default="11", help="comma-separated spec seeds")
    ap.add_argument("--parallel", type=int, default=2,
                    help="--rewrite: the teacher's requests in flight (one context per core)")
    ap.add_argument("--variations", default="paraphrase,register,detail",
                    help="the kinds --rewrite makes; 'context' keeps the example word for word "
                         "behind a clause of the teacher's (into <runs>/context-e..-s<seed>)")
    ap.add_argument("--ctx-run", type=Path, nargs="+", default=None,
                    help="runs of --rewrite --variations context: the pools ctx, its filters, "
                         "and ctx-mix (each clause also before the other real examples of its "
                         "intent in the arm's real set)")
    ap.add_argument("--list-per-intent", type=int, default=0, metavar="N",
                    help="generate only: N new examples per intent by style: list from the "
                         "--list-real set into <runs>/list-r<K>-s<seed>")
    ap.add_argument("--list-real", type=int, default=5, metavar="K",
                    help="the real set (per intent) the list prompts show, all of it")
    ap.add_argument("--list-seed", type=int, default=31)
    ap.add_argument("--list-run", type=Path, nargs="+", default=None,
                    help="runs of --list-per-intent: the pools list and its filters, for the "
                         "arms whose real set holds every example the run showed")
    ap.add_argument("--no-generate", action="store_true",
                    help="measure the runs as they are (a generation stopped early included)")
    ap.add_argument("--pools", default=None,
                    help="comma-separated pool names to measure (default: every pool)")
    ap.add_argument("--marked", type=Path, default=None,
                    help="a marked precision sample: adds the pools aug+marked-right and "
                         "aug+marked-wrong (a person as the filter; a diagnostic)")
    ap.add_argument("--multiples", type=_floats, default=MULTIPLES,
                    help="curve points: synthetic items as multiples of the real set")
    ap.add_argument("--shares", type=_floats, default=SHARES,
                    help="fixed-size arms: synthetic share of the real set's size")
    ap.add_argument("--weights", type=_floats, default=WEIGHTS,
                    help="synthetic weights of the real+all arms ('' for none)")
    ap.add_argument("--precision-sample", type=int, default=0)
    ap.add_argument("--precision-pool", default="aug",
                    help="the pool --precision-sample draws from and --precision-labels "
                         "reports the filters of (aug, ctx or list)")
    ap.add_argument("--precision-labels", type=Path, default=None,
                    help="a marked precision sample: report the filters' keep rates and stop")
    args = ap.parse_args()
    console = Console()
    out = args.out or args.runs / "results"
    out.mkdir(parents=True, exist_ok=True)
    every = json.loads((DATA / "categories.json").read_text())
    labels = every[: args.labels]
    shots = [int(s) for s in args.shots.split(",")]
    if args.rewrite:
        kinds = args.variations.split(",")
        real10 = real_sets(labels, [10], args.runs)[10]
        for seed in (int(x) for x in args.rewrite_seeds.split(",")):
            what = "context" if kinds == ["context"] else "rewrite"
            numbers = args.rewrite.split(",")
            tag = numbers[0] if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
            generate_run(rewrite_spec(args.rewrite.split(","), seed, kinds, real10,
                                      args.parallel), args.runs / f"{what}-e{tag}-s{seed}", console)
        return
    if args.list_per_intent:
        real = real_sets(labels, [args.list_real], args.runs)[args.list_real]
        generate_run(list_spec(labels, real, args.list_real, args.list_per_intent,
                               args.list_seed),
                     args.runs / f"list-r{args.list_real}-s{args.list_seed}", console)
        return
    reals = real_sets(labels, sorted(set(shots) | {5}), args.runs)
    test = test_set(labels, args.runs, len(every))
    t0 = time.monotonic()
    runs_made: dict[str, list[Path]] = {}
    if args.aug_run or not (args.ctx_run or args.list_run):
        runs_made["aug"] = args.aug_run or [augment_run(
            labels, reals[5], args.runs, len(every), generate=not args.no_generate)]
    if args.ctx_run:
        runs_made["ctx"] = args.ctx_run
    console.print(f"augment: done ({time.monotonic() - t0:.0f}s)")
    if args.free_per_intent:
        t1 = time.monotonic()
        runs_made["free"] = [args.runs / "free"]
        if not args.no_generate:
            handle = synthloop.run(free_spec(labels, reals[5], args.free_per_intent),
                                   runs_made["free"][0])
            console.print(f"free: {handle.store.count(Status.OK)} accepted of "
                          f"{handle.store.count()} ({time.monotonic() - t1:.0f}s)")
    if args.generate_only:
        return
    cache = args.runs / "cache"
    rows: list[dict[str, Any]] = []
    wanted = args.pools.split(",") if args.pools and not args.precision_labels else None
    notes: list[str] = []
    filters: dict[str, Any] = {}
    for k in shots:
        # the control: the real set itself, copied COPIES times, added as if synthetic; a
        # gain that copies also give comes from weighting the real examples more against the
        # student's regularisation, not from what the synthetic texts say
        pools: dict[str, list[dict[str, Any]]] = {"copies": [
            {"id": f"copy{i}-{n}", "text": row.text, "label": row.category}
            for n in range(COPIES) for i, row in enumerate(pd.read_csv(reals[k]).itertuples())]}
        for kind, run_dirs in runs_made.items():
            # only rewrites of this real set's own examples: a rewrite of another real example
            # would bring that example's information into the arm
            sources = set(pd.read_csv(reals[k]).text)
            kept, drifted = (
                [it for it in part if it["label"] in labels and it["source"] in sources]
                for part in generated(run_dirs))
            pools[kind] = kept
            if drifted:
                seen = {it["text"] for it in kept}
                pools[f"{kind}-nodrift"] = kept + [it for it in drifted if it["text"] not in seen
                                                   and 8 <= len(it["text"] or "") <= 300]
            for tag, top_k, recall, ratio in ONE_SHOT_FILTERS if k == 1 else FILTERS:
                if wanted is not None and f"{kind}+{tag}" not in wanted:
                    continue
                pools[f"{kind}+{tag}"], filters[f"{k}shot {kind}+{tag}"] = label_filter(
                    kept, reals[k], args.runs, top_k=top_k, real_recall=recall,
                    source_ratio=ratio, one_shot=k == 1)
        if args.list_run:
            pools["list"] = list_items(args.list_run, pd.read_csv(reals[k]))
            for tag, top_k, recall, ratio in FILTERS:
                if wanted is None or f"list+{tag}" in wanted or args.precision_labels:
                    # no single source: the like-source pass has nothing to compare with
                    pools[f"list+{tag}"], filters[f"{k}shot list+{tag}"] = label_filter(
                        pools["list"], reals[k], args.runs, top_k=top_k, real_recall=recall,
                        source_ratio=None)
        if "ctx" in pools and (wanted is None or "ctx-mix" in wanted):
            pools["ctx-mix"] = context_mix(pools["ctx"], pd.read_csv(reals[k]))
        if "ctx" in pools and (wanted is None or "ctx-swap" in wanted):
            pools["ctx-swap"] = context_swap(pools["ctx"], pd.read_csv(reals[k]))
        if args.marked is not None:
            marks = pd.read_csv(args.marked)
            for tag, mark in (("right", 1), ("wrong", 0)):
                ids = set(marks[marks.right.astype(int) == mark].id)
                pools[f"aug+marked-{tag}"] = [it for it in pools["aug"] if it["id"] in ids]
        kind = args.precision_pool
        if k == shots[0] and args.precision_sample:
            write_precision_sample(pools[kind], args.precision_sample, out)
        if k == shots[0] and args.precision_labels:
            kept_ids = {name: {it["id"] for it in pools[name]} for name in (
                kind, *(f"{kind}+{tag}" for tag, *_ in (ONE_SHOT_FILTERS if k == 1 else FILTERS))
            ) if name in pools}
            console.print(precision(args.precision_labels, kept_ids))
            return
        series = {}
        for name, items in ((n, pools[n]) for n in wanted or pools if n in pools):
            pool = write_pool(items, args.runs / f"pool-{k}shot-{name}.jsonl")
            t1 = time.monotonic()
            result = experiment(f"{k}shot-{name}", reals[k], pool, test, args.seeds,
                                cache.resolve(), multiples=args.multiples, shares=args.shares,
                                weights=args.weights)
            ev = result.evals[0]
            notes += [f"{k}-shot {name}: {n}" for n in result.notes] + [f"{k}-shot {name}: "
                                                                       f"{ev.best}"]
            diffs = {c.arm: c.difference.to_dict() for c in ev.comparisons}
            points = []
            for arm in ev.arms:
                size = result.sizes[arm.arm][0]
                points.append({"shots": k, "pool": name, "pool_size": len(items),
                               "arm": arm.arm, "n_real": size["real"],
                               "n_synthetic": size["synthetic"],
                               "metric": arm.interval.to_dict(),
                               "difference": diffs.get(arm.arm)})
            rows += sorted(points, key=lambda r: (r["arm"].startswith("share"),
                                                  r["n_synthetic"], r["arm"]))
            series[name] = sorted({(r["n_synthetic"], r["metric"]["value"], r["metric"]["low"],
                                    r["metric"]["high"]) for r in points
                                   if not r["arm"].startswith("share") and " w" not in r["arm"]})
            console.print(f"{k}-shot {name} ({len(items)} items, "
                          f"{time.monotonic() - t1:.0f}s): {ev.best}")
        base = next(r for r in rows if r["shots"] == k and r["arm"] == "real-only")
        (out / f"curve-{k}shot.svg").write_text(str(svg.curve(
            series, title=f"Banking77, {k} real per intent: accuracy against synthetic items",
            xlabel="synthetic items added to the real set", ylabel="test accuracy",
            baseline=base["metric"]["value"])))
    (out / "results.json").write_bytes(orjson.dumps(
        {"rows": rows, "notes": notes, "filters": filters, "seeds": args.seeds,
         "labels": len(labels), "seconds": round(time.monotonic() - t0)},
        option=orjson.OPT_INDENT_2))
    md = ["# Banking77: real-only against real + synthetic", "",
          f"{len(labels)} intents; test items: {len(pd.read_csv(test))}; seeds: {args.seeds}; "
          "student: embedding classifier (all-MiniLM-L6-v2 + logistic regression). "
          "Differences are paired over test items, in accuracy points.", "", table(rows), "",
          "## Verdicts and notes", "", *[f"- {n}" for n in notes], "",
          "## Filters", "", *[f"- {name}: {json.dumps(v)}" for name, v in filters.items()]]
    (out / "results.md").write_text("\n".join(md) + "\n")
    console.print(f"wrote {out}/results.md ({time.monotonic() - t0:.0f}s)")


if __name__ == "__main__":
    main()
