"""Decontamination recall on planted benchmark items, and false flags on clean data.

    .venv/bin/python benchmarks/decontam_eval.py [--ngram 13] [--per-benchmark 300]

Plants GSM8K test questions, HumanEval prompts and MBPP test prompts (with their code) into
clean generated-style data (Banking77 questions, Self-Instruct seed instances, hh-rlhf turns),
verbatim and lightly edited: numbers reworded, a sentence added before and after, whitespace
and case changed, and all of these at once. Prints recall per benchmark and edit, the flag rate
on the clean records, and the share of GSM8K *train* problems flagged against GSM8K test (the
two splits are disjoint problems, so every flag there is a false positive or a true overlap
between the splits).

    .venv/bin/python benchmarks/decontam_eval.py --paraphrase [--clean-limit 2000]

measures the paraphrase phase instead, by cosine alone, with its numbers threshold, and with
all its signals (a text in another language is compared by its digits and names in all three) (the same reference, embedded once; each text embedded
once and judged by all three): per verdict code on the
decontamination suite of ``attack_suites.py`` (against GSM8K test), and the share of clean real
texts flagged against GSM8K test, HumanEval and MBPP test: MBPP's non-test problems (prompt
and code), GSM8K train questions, and Banking77 train, Self-Instruct and HH-RLHF (the last two
evenly sampled to about ``--clean-limit`` each; GSM8K train to ``--train-limit``, by default
the same).

    .venv/bin/python benchmarks/decontam_eval.py --suites seen held-out [held-out-2 ... held-out-4]

runs the named decontamination suites (``attack_suites.DECONTAMINATE``, and
``held_out_suites.DECONTAMINATE``, ``DECONTAMINATE_2`` and ``DECONTAMINATE_3``, and
``held_out_decon.DECONTAMINATE_4``) through the stage as a spec would run it (records in, against GSM8K test, HumanEval and MBPP, the paraphrase phase at its
calibrated threshold) and prints attacks caught, clean items kept and each miss with its
reason, and the time the stage took.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from synthloop.curate.decontaminate import (
    CODE_THRESHOLD,
    DOCSTRING_THRESHOLD,
    NUMBERS_THRESHOLD,
    PARAPHRASE_THRESHOLD,
    SKELETON_THRESHOLD,
    TEMPLATE_THRESHOLD,
    Decontaminate,
    DecontaminateParams,
)
from synthloop.records import Record
from synthloop.stages import StageContext

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def reword_numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), text)


def add_sentences(text: str, rng: random.Random) -> str:
    before = rng.choice(["Here is a problem for you.", "Consider the following task.",
                         "Please answer this carefully."])
    after = rng.choice(["Show your work.", "Explain your reasoning step by step.",
                        "Give only the final answer."])
    return f"{before} {text} {after}"


def whitespace_case(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    out = [w.upper() if rng.random() < 0.1 else w.lower() if rng.random() < 0.3 else w
           for w in words]
    return rng.choice(["  ", " ", "\n", " \t"]).join(out)


EDITS = {
    "verbatim": lambda t, rng: t,
    "numbers": reword_numbers,
    "added sentences": add_sentences,
    "whitespace+case": whitespace_case,
    "all": lambda t, rng: whitespace_case(add_sentences(reword_numbers(t, rng), rng), rng),
}


def planted_items(rng: random.Random, per_benchmark: int) -> list[tuple[str, str]]:
    """(benchmark, text) pairs: the part of each item a generator would reproduce."""
    out = []
    gsm = [json.loads(line)["question"] for line in (DATA / "gsm8k" / "test.jsonl").open()]
    out += [("gsm8k", q) for q in rng.sample(gsm, min(per_benchmark, len(gsm)))]
    with gzip.open(DATA / "humaneval" / "HumanEval.jsonl.gz", "rt") as fh:
        he = [json.loads(line)["prompt"] for line in fh]
    out += [("humaneval", p) for p in rng.sample(he, min(per_benchmark, len(he)))]
    mbpp = [json.loads(line) for line in (DATA / "mbpp" / "mbpp.jsonl").open()]
    mbpp = [f"{m['text']}\n{m['code']}" for m in mbpp if 11 <= m["task_id"] <= 510]
    out += [("mbpp", t) for t in rng.sample(mbpp, min(per_benchmark, len(mbpp)))]
    return out


def clean_texts() -> list[str]:
    texts = []
    with (DATA / "banking77" / "train.csv").open() as fh:
        texts += [row["text"] for row in csv.DictReader(fh)]
    for line in (DATA / "self-instruct-seed" / "seed_tasks.jsonl").open():
        task = json.loads(line)
        for inst in task["instances"]:
            texts.append(f"{task['instruction']}\n{inst['input']}\n{inst['output']}")
    with gzip.open(DATA / "hh-rlhf-harmless-test" / "test.jsonl.gz", "rt") as fh:
        texts += [json.loads(line)["chosen"] for line in fh]
    return texts


def flags(stage: Decontaminate, ctx: StageContext, texts: list[str]) -> list[str | None]:
    records = [Record(id=str(i), data={"text": t}) for i, t in enumerate(texts)]
    out: list[str | None] = []
    for lo in range(0, len(records), 1024):
        batch = asyncio.run(stage.process(records[lo:lo + 1024], ctx))
        out += [None if r.accepted else r.status_reason for r in batch]
    return out


def paraphrase_eval(clean_limit: int, train_limit: int) -> None:
    """The paraphrase phase with cosine alone, with its numbers threshold, and with its
    numbers and template thresholds (the stage's defaults)."""
    from synthloop.embed import EmbeddingCache

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.attack_suites import DECONTAMINATE

    ctx = StageContext(spec_hash="eval", stage="curate.decontaminate", stage_index=0, seed=0,
                       run_dir=Path("."))

    def stages(against: list[str]) -> dict[str, Decontaminate]:
        params = DecontaminateParams(against=against, data_dir=str(DATA),
                                     paraphrase_threshold=PARAPHRASE_THRESHOLD)
        full = Decontaminate(params)
        full.setup(ctx)
        numbers = Decontaminate(params.model_copy(
            update={"paraphrase_template_threshold": None, "paraphrase_code_threshold": None,
                    "paraphrase_docstring_threshold": None,
                    "paraphrase_skeleton_threshold": None}))
        cosine = Decontaminate(params.model_copy(
            update={"paraphrase_template_threshold": None, "paraphrase_numbers_threshold": None,
                    "paraphrase_code_threshold": None, "paraphrase_docstring_threshold": None,
                    "paraphrase_skeleton_threshold": None}))
        numbers._ref = cosine._ref = full._ref  # the same items and vectors: embedded once
        return {f"cosine >= {PARAPHRASE_THRESHOLD} only": cosine,
                f"+ cosine >= {NUMBERS_THRESHOLD} stating the item's numbers": numbers,
                f"+ cosine >= {TEMPLATE_THRESHOLD} sharing its rare words, >= {CODE_THRESHOLD} "
                f"quoting its test inputs, >= {DOCSTRING_THRESHOLD} to its docstring's prose, "
                f"skeletons >= {SKELETON_THRESHOLD}": full}

    cache = EmbeddingCache()  # each text embedded once, judged by every setting
    suite = [c.data["text"] for c in DECONTAMINATE]
    print(f"decontamination suite ({len(suite)} items, against GSM8K test)")
    for name, stage in stages(["gsm8k"]).items():
        got = [o.code for o in stage.decide(suite, cache)]
        pairs = list(zip(DECONTAMINATE, got, strict=True))
        caught = sum(c.attack and g != "clean" for c, g in pairs)
        kept = sum(not c.attack and g == "clean" for c, g in pairs)
        attacks = sum(c.attack for c in DECONTAMINATE)
        print(f"  {name}: attacks caught {caught}/{attacks}, clean kept "
              f"{kept}/{len(pairs) - attacks}")
        for code in sorted({c.want for c in DECONTAMINATE} | set(got)):
            wanted = sum(c.want == code for c in DECONTAMINATE)
            given = got.count(code)
            hits = sum(c.want == code == g for c, g in pairs)
            print(f"    {code:<14} wanted {wanted:>2} given {given:>2} precision "
                  f"{hits / given if given else float('nan'):.2f} recall "
                  f"{hits / wanted if wanted else float('nan'):.2f}")
        for c, g in pairs:
            if (c.want == "clean") != (g == "clean"):
                print(f"    missed: {c.name}: wanted {c.want}, got {g}")

    mbpp = [json.loads(line) for line in (DATA / "mbpp" / "mbpp.jsonl").open()]
    train = [json.loads(line)["question"] for line in (DATA / "gsm8k" / "train.jsonl").open()]
    clean = clean_texts()
    step, clean_step = max(1, len(train) // train_limit), max(1, len(clean) // clean_limit)
    sets = {
        "MBPP non-test problems (prompt + code)": [f"{m['text']}\n{m['code']}" for m in mbpp
                                                   if not 11 <= m["task_id"] <= 510],
        f"GSM8K train questions (every {step})": train[::step],
        f"Banking77 train, Self-Instruct, HH-RLHF (every {clean_step})": clean[::clean_step],
    }
    judges = stages(["gsm8k", "humaneval", "mbpp"])
    for what, texts in sets.items():
        print(f"\n{what}: {len(texts)} texts")
        for name, stage in judges.items():
            start = time.perf_counter()
            outcomes = stage.decide(texts, cache)
            codes = Counter(o.code for o in outcomes if o.code != "clean")
            flagged = sum(codes.values())
            print(f"  {name}: flagged {flagged}/{len(texts)} ({flagged / len(texts):.2%}) "
                  f"{dict(codes)} in {time.perf_counter() - start:.0f}s")
            for o in [o for o in outcomes if o.code == "paraphrase"][:3]:
                print(f"    e.g. {o.reason}")


def suites_eval(names: list[str]) -> None:
    """Each named suite through the stage: attacks caught, clean items kept, every miss."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks import attack_suites, held_out_decon

    held_out = held_out_decon.SUITES["curate.decontaminate"]
    suites = {"seen": attack_suites.DECONTAMINATE,
              **{"held-out" + (f"-{n}" if n > 1 else ""): suite
                 for n, suite in enumerate(held_out, 1)}}
    stage = Decontaminate(DecontaminateParams(against=["gsm8k", "humaneval", "mbpp"],
                                              data_dir=str(DATA),
                                              paraphrase_threshold=PARAPHRASE_THRESHOLD))
    ctx = StageContext(spec_hash="eval", stage=stage.name, stage_index=0, seed=0,
                       run_dir=Path("."))
    start = time.perf_counter()
    stage.setup(ctx)
    print(f"setup (load and embed the references): {time.perf_counter() - start:.1f}s")
    for name in names:
        cases = suites[name]
        records = [Record(id=str(i), data=dict(c.data)) for i, c in enumerate(cases)]
        start = time.perf_counter()
        asyncio.run(stage.process(records, ctx))
        took = time.perf_counter() - start
        attacks = sum(c.attack for c in cases)
        caught = sum(c.attack and not r.accepted for c, r in zip(cases, records, strict=True))
        kept = sum(not c.attack and r.accepted for c, r in zip(cases, records, strict=True))
        print(f"\n{name}: attacks caught {caught}/{attacks}, clean kept "
              f"{kept}/{len(cases) - attacks} ({took:.2f}s for {len(cases)} records)")
        for c, r in zip(cases, records, strict=True):
            if c.attack == r.accepted:
                print(f"  missed: {c.name}: wanted {c.want}, got {r.status_reason}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--paraphrase", action="store_true",
                    help="measure the paraphrase phase with and without its numbers threshold")
    ap.add_argument("--clean-limit", type=int, default=2000)
    ap.add_argument("--train-limit", type=int, default=None,
                    help="GSM8K train questions to sample (default: --clean-limit)")
    ap.add_argument("--suites", nargs="+", choices=["seen", "held-out", *(f"held-out-{n}" for n in range(2, 5))],
                    help="run these decontamination suites through the stage")
    ap.add_argument("--ngram", type=int, default=13)
    ap.add_argument("--per-benchmark", type=int, default=300)
    ap.add_argument("--no-numbers", action="store_true", help="do not normalise numbers")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.suites:
        suites_eval(args.suites)
        return
    if args.paraphrase:
        paraphrase_eval(args.clean_limit, args.train_limit or args.clean_limit)
        return
    rng = random.Random(args.seed)

    params = DecontaminateParams(against=["gsm8k", "humaneval", "mbpp"], data_dir=str(DATA),
                                 ngram=args.ngram, numbers=not args.no_numbers)
    stage = Decontaminate(params)
    ctx = StageContext(spec_hash="eval", stage=stage.name, stage_index=0, seed=0,
                       run_dir=Path("."))
    start = time.perf_counter()
    stage.setup(ctx)
    print(f"index: {stage._ref.index.size:,} n-grams of "  # type: ignore[union-attr]
          f"{len(stage._ref.items):,} items in {time.perf_counter() - start:.1f}s; "  # type: ignore[union-attr]
          f"ngram={args.ngram}, numbers normalised={not args.no_numbers}")

    items = planted_items(rng, args.per_benchmark)
    hits: dict[tuple[str, str], list[bool]] = defaultdict(list)
    example = ""
    for edit, fn in EDITS.items():
        texts = [fn(text, rng) for _, text in items]
        for (bench, _), reason in zip(items, flags(stage, ctx, texts), strict=True):
            hits[(bench, edit)].append(reason is not None)
            if reason and edit == "all" and not example:
                example = reason
    print(f"\nrecall on planted items ({args.per_benchmark} per benchmark at most)")
    print(f"{'edit':<17}" + "".join(f"{b:>11}" for b in ("gsm8k", "humaneval", "mbpp", "all")))
    total_hit = total = 0
    for edit in EDITS:
        row = []
        for bench in ("gsm8k", "humaneval", "mbpp"):
            got = hits[(bench, edit)]
            row.append(sum(got) / len(got))
            total_hit += sum(got)
            total += len(got)
        everything = sum(sum(hits[(b, edit)]) for b in ("gsm8k", "humaneval", "mbpp"))
        count = sum(len(hits[(b, edit)]) for b in ("gsm8k", "humaneval", "mbpp"))
        print(f"{edit:<17}" + "".join(f"{r:>11.3f}" for r in row) + f"{everything / count:>11.3f}")
    print(f"overall recall: {total_hit / total:.3f} ({total_hit}/{total})")
    print(f"example reason: {example}")

    clean = clean_texts()
    start = time.perf_counter()
    flagged = [r for r in flags(stage, ctx, clean) if r]
    rate = len(clean) / (time.perf_counter() - start)
    print(f"\nclean generated-style records flagged: {len(flagged)}/{len(clean)} "
          f"({len(flagged) / len(clean):.2%}); {rate:,.0f} records/s")

    train = [json.loads(line) for line in (DATA / "gsm8k" / "train.jsonl").open()]
    for what, texts in (("questions", [t["question"] for t in train]),
                        ("questions + answers", [f"{t['question']}\n{t['answer']}"
                                                 for t in train])):
        train_flags = [r for r in flags(stage, ctx, texts) if r]
        print(f"GSM8K train {what} flagged against the test set: {len(train_flags)}/"
              f"{len(train)} ({len(train_flags) / len(train):.2%}; goal <= 1%)")
        for reason in train_flags[:2]:
            print(f"  e.g. {reason}")


if __name__ == "__main__":
    main()
