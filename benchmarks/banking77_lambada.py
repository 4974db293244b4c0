"""Banking77, tenth pass: LAMBADA as published, the teacher fine-tuned on the real examples.

Every earlier pass asked the 135M teacher as it ships (chat rewrites, list continuation, a
name, one word), and its texts lost the intent or added nothing. LAMBADA (Anaby-Tavor et al.,
2020) fine-tunes the generator on the few real examples, as ``label: text`` lines, samples new
texts after ``label:``, and keeps those that a classifier trained on the same real examples
assigns to their label, most confident first. This pass does that with the bundled
SmolLM2-135M-Instruct (its GGUF dequantized into transformers, fully fine-tuned on CPU).

``generate``: for each seed, the seed's real draw (``real_sets``, redrawn per seed as in
``banking77_names.py``) fine-tunes a fresh copy of the teacher, which samples ``--per-intent``
texts after each intent's name; the pool is ``runs/b77lam/pool-k<k>-s<seed>.jsonl``.

``measure``: for each real set and seed, arms on all-MiniLM-L6-v2 embeddings + logistic
regression (C=10), all 3,080 test items and the 751-item development set: ``real-only``,
``+names w1``; ``+lam n=N`` (the first N per intent of the seed's pool), ``+lam+filter``
(what ``validate.label_consistency``, trained on the seed's real set, keeps at its threshold)
and ``+lam topK`` (its K most confident per intent, LAMBADA's rule); the same on top of the
names. Intervals are pooled over seeds (``banking77_names.pooled_rows``).

    PYTHONPATH=src:. .venv/bin/python benchmarks/banking77_lambada.py generate --shots 5 \\
        --seeds 0,1,2,3,4
    PYTHONPATH=src:. .venv/bin/python benchmarks/banking77_lambada.py measure --shots 5 \\
        --out benchmarks/results/banking77/lambada/shot5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.banking77_experiment import DATA, label_filter, real_sets
from benchmarks.banking77_names import dev_set, names, pooled_rows, score_arms, write
from synthloop.embed import embed
from synthloop.label_words import label_words
from synthloop.measure.students.embedding import DiskEmbeddingCache
from synthloop.measure.students.sft import resolve_model

RUNS = Path("runs/b77lam")
# Fine-tuning: full weights, AdamW, linear decay. At batch 16 a step took 1.9 s on 2 idle
# cores (19 tokens); 4 epochs of 385 examples are about 100 steps.
EPOCHS = 4
LR = 5e-5
BATCH = 16
MAX_NEW_TOKENS = 40
TOP_P = 0.9
TEMPERATURE = 0.9
CURVE = [5, 10, 20]
TOP_K = [5, 10]
ARMS: list[tuple[str, float, str | None, int | None, float]] = [
    ("real-only", 0, None, None, 1),
    ("+names w1", 1, None, None, 1),
    *((f"{p}+lam n={n}", w, "lam", n, 1) for p, w in (("", 0), ("+names ", 1)) for n in CURVE),
    *((f"{p}+lam+filter", w, "filter", None, 1) for p, w in (("", 0), ("+names ", 1))),
    *((f"{p}+lam top{k}", w, f"top{k}", None, 1) for p, w in (("", 0), ("+names ", 1))
      for k in TOP_K),
]


def fine_tune(real: pd.DataFrame, seed: int) -> tuple[Any, Any]:
    """A fresh copy of the teacher trained on ``name: text<eos>`` lines of the real set (loss
    on the text and its end only: the name is the condition)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(seed)
    folder, gguf = resolve_model("bundled")
    tok = AutoTokenizer.from_pretrained(folder, gguf_file=gguf)
    model: Any = AutoModelForCausalLM.from_pretrained(folder, gguf_file=gguf,
                                                      dtype=torch.float32)
    rows = []
    for text, label in zip(real.text, real.category, strict=True):
        head = tok(f"{label_words(label)}:", add_special_tokens=False).input_ids
        body = tok(f" {text.strip()}", add_special_tokens=False).input_ids + [tok.eos_token_id]
        rows.append((head + body, [-100] * len(head) + body))
    opt = torch.optim.AdamW(model.parameters(), lr=LR)
    steps = EPOCHS * -(-len(rows) // BATCH)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1 - s / steps)
    rng = random.Random(seed)
    model.train()
    t0, losses = time.monotonic(), []
    for _ in range(EPOCHS):
        rng.shuffle(rows)
        for i in range(0, len(rows), BATCH):
            batch = rows[i:i + BATCH]
            width = max(len(ids) for ids, _ in batch)
            ids = torch.tensor([x + [tok.eos_token_id] * (width - len(x)) for x, _ in batch])
            labels = torch.tensor([y + [-100] * (width - len(y)) for _, y in batch])
            mask = torch.tensor([[1] * len(x) + [0] * (width - len(x)) for x, _ in batch])
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(float(loss))
    print(f"  fine-tuned: {len(losses)} steps in {time.monotonic() - t0:.0f}s, loss "
          f"{np.mean(losses[:5]):.2f} -> {np.mean(losses[-5:]):.2f}", flush=True)
    model.eval()
    return model, tok


def sample(model: Any, tok: Any, labels: list[str], per_intent: int,
           seed: int) -> list[dict[str, Any]]:
    """``per_intent`` texts after each intent's name (top-p sampling, first line only)."""
    import torch

    torch.manual_seed(seed)
    tok.padding_side = "left"
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    out = []
    for i in range(0, len(labels), 8):
        group = labels[i:i + 8]
        enc = tok([f"{label_words(lab)}:" for lab in group], return_tensors="pt",
                  padding=True, add_special_tokens=False)
        with torch.no_grad():
            gen = model.generate(**enc, do_sample=True, top_p=TOP_P, temperature=TEMPERATURE,
                                 max_new_tokens=MAX_NEW_TOKENS, num_return_sequences=per_intent,
                                 pad_token_id=tok.eos_token_id)
        texts = tok.batch_decode(gen[:, enc.input_ids.shape[1]:], skip_special_tokens=True)
        for j, text in enumerate(texts):
            line = text.strip().split("\n")[0].strip()
            out.append({"id": f"s{seed}-{i + j // per_intent}-{j % per_intent}",
                        "text": line, "label": group[j // per_intent]})
    return out


def generate(args: argparse.Namespace) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    train = pd.read_csv(DATA / "train.csv")
    labels = sorted(train.category.unique())
    for k in [int(s) for s in args.shots.split(",")]:
        for seed in [int(s) for s in args.seeds.split(",")]:
            path = args.runs / f"pool-k{k}-s{seed}.jsonl"
            if path.exists():
                continue
            t0 = time.monotonic()
            print(f"{k}-shot seed {seed}: load {open('/proc/loadavg').read().split()[0]}",
                  flush=True)
            model, tok = fine_tune(pd.read_csv(real_sets(labels, [k], args.runs, seed=seed)[k]),
                                   seed)
            items = sample(model, tok, labels, args.per_intent, seed)
            path.write_text("".join(json.dumps(it) + "\n" for it in items))
            print(f"  {len(items)} texts in {time.monotonic() - t0:.0f}s", flush=True)


def pool(args: argparse.Namespace, k: int, seed: int, avoid: set[str],
         real: set[str]) -> tuple[pd.DataFrame, dict[str, int]]:
    """The seed's usable texts: at least three words, each once, no Banking77 text (a copy
    of a real example learnt by heart, or of a test item), in the sampled order."""
    items = pd.read_json(args.runs / f"pool-k{k}-s{seed}.jsonl", lines=True)
    key = items.text.str.strip().str.casefold()
    short = items.text.map(lambda t: len(str(t).split()) < 3)
    copies = key.isin({t.strip().casefold() for t in real})
    clash = key.isin({t.strip().casefold() for t in avoid}) & ~copies
    dup = key.duplicated()
    keep = ~(short | copies | clash | dup)
    counts = {"sampled": len(items), "short": int(short.sum()), "real copies": int(copies.sum()),
              "other Banking77 texts": int(clash.sum()), "repeats": int((dup & ~short).sum()),
              "usable": int(keep.sum())}
    return items[keep].reset_index(drop=True), counts


def measure(args: argparse.Namespace) -> None:
    t0 = time.monotonic()
    shots = [int(s) for s in args.shots.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    train, test = pd.read_csv(DATA / "train.csv"), pd.read_csv(DATA / "test.csv")
    labels = sorted(train.category.unique())
    draws = {(k, s): pd.read_csv(real_sets(labels, [k], args.runs, seed=s)[k])
             for k in shots for s in seeds}
    held = {t for d in draws.values() for t in d.text}
    dev = dev_set(train, held, 10)
    avoid = set(test.text) | set(train.text)
    filters: dict[str, Any] = {}

    def pools(k: int, seed: int, real: pd.DataFrame) -> dict[str, pd.DataFrame]:
        items, counts = pool(args, k, seed, avoid, set(real.text))
        records = [{str(key): v for key, v in r.items()} for r in items.to_dict("records")]
        real_path = real_sets(labels, [k], args.runs, seed=seed)[k]
        out = {"lam": items[["text", "label"]]}
        kept, info = label_filter(records, real_path, args.runs, top_k=None, real_recall=0.9,
                                  source_ratio=None)
        out["filter"] = pd.DataFrame([{"text": it["text"], "label": it["label"]}
                                      for it in kept], columns=["text", "label"])
        filters[f"{k}shot s{seed}"] = {**counts, "filter kept": len(kept), **info}
        for top in TOP_K:
            kept, _ = label_filter(records, real_path, args.runs, top_k=top, source_ratio=None)
            out[f"top{top}"] = pd.DataFrame([{"text": it["text"], "label": it["label"]}
                                             for it in kept], columns=["text", "label"])
            filters[f"{k}shot s{seed}"][f"top{top} kept"] = len(kept)
        return out

    cache = DiskEmbeddingCache(args.runs / "cache" / "embeddings.sqlite", embed)
    evals = {"test": (cache.embed(list(test.text)), test.category.to_numpy()),
             "dev": (cache.embed(list(dev.text)), dev.label.to_numpy())}
    scores, sizes = score_arms(ARMS, draws, cache, evals, names(labels), pools, t0)
    rows = pooled_rows([(a, pool_, n) for a, _, pool_, n, _ in ARMS], shots, scores, sizes)
    usable = sum(f["usable"] for f in filters.values())
    clashes = sum(f["other Banking77 texts"] for f in filters.values())
    write(args.out, rows, filters, seeds, clashes, usable, time.monotonic() - t0,
          title="real + texts of the teacher fine-tuned on the real examples (LAMBADA)",
          pool_label="Usable fine-tuned teacher texts, all seeds", curve=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="fine-tune the teacher per real draw and sample")
    gen.add_argument("--shots", default="5")
    gen.add_argument("--seeds", default="0,1,2,3,4")
    gen.add_argument("--per-intent", type=int, default=30)
    gen.add_argument("--runs", type=Path, default=RUNS)
    mea = sub.add_parser("measure", help="every arm, pooled over seeds")
    mea.add_argument("--shots", default="5")
    mea.add_argument("--seeds", default="0,1,2,3,4")
    mea.add_argument("--runs", type=Path, default=RUNS)
    mea.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    {"generate": generate, "measure": measure}[args.command](args)


if __name__ == "__main__":
    main()
