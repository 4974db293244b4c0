"""False rejections of ``validate.tool_use``'s binding checks on correct replies that narrate the
tool results the way a model does, over every environment's reference trajectories.

    PYTHONPATH=src .venv/bin/python benchmarks/binding_probe.py [--seeds 30]

``verifier_attacks``' clean tool-use row replies "Done. 1700, 1350": it never states a value
beside a thing, a move's old and new hours, or a comparison, so it cannot show what the
association checks cost. Here each reference trajectory (seeds x environments x the three
categories a tool serves) gets replies built from its own replayed results, each true: the
task's values; each thing's fields as the last result gives them ("ACC-1003 now has
$1,390"); a transfer's two new balances; a moved event's old and new hours ("from 15:00 to
14:00"); a comparison of the things a result lists by a field they share, both ways round
("so Kettle has the higher price", "the cheapest is Stapler"). Printed: how many replies of
each style were rejected, and by which code. The styles were written by the author of the
checks, so this bounds what they cost on phrasing they were designed for, not on a model's.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.attack_suites import trajectory  # noqa: E402
from synthloop.envs import load_environment  # noqa: E402
from synthloop.envs.base import Call, Environment, Task  # noqa: E402
from synthloop.records import Record  # noqa: E402
from synthloop.stages import StageContext  # noqa: E402
from synthloop.validate.tool_use import ToolUse, ToolUseParams  # noqa: E402

NAME_KEYS = ("name", "title", "owner")
ID_KEYS = ("account_id", "sku", "event_id", "order_id", "id")
MONEY = ("balance", "price", "total")


def _name(thing: dict[str, Any]) -> str | None:
    return next((str(thing[k]) for k in (*NAME_KEYS, *ID_KEYS) if k in thing), None)


def _key(thing: dict[str, Any]) -> str | None:
    """What a thing is tracked by across results: its id ("SKU-3" in a search and a restock)."""
    return next((str(thing[k]) for k in (*ID_KEYS, *NAME_KEYS) if k in thing), None)


def _show(key: str, value: Any) -> str:
    if any(word in key for word in MONEY):
        return f"${value:,.2f}"
    return str(value)


def _things(results: list[Any]) -> Iterator[dict[str, Any]]:
    for result in results:
        if isinstance(result, list):
            yield from (r for r in result if isinstance(r, dict))
        elif isinstance(result, dict):
            yield result


def replies(env: Environment, seed: int, task: Task, swap: bool = False) -> dict[str, str]:
    """Correct replies in each style for ``task`` acted out on ``seed`` (``swap``: each with
    its two values, or its two things, the other way round)."""
    calls = [c for step in task.steps for c in step]
    _, results = env.replay(seed, calls)
    base = "Here is what I found: " + "; ".join(map(str, task.answer)) + "." if task.answer \
        else "Done."
    out = {"answer only": base}
    latest: dict[str, dict[str, Any]] = {}  # each thing as the last result shows it
    for call, result in zip(calls, results, strict=True):
        if call.name == "transfer":  # its balances are its two accounts'
            for side in ("from", "to"):
                account = call.arguments[f"{side}_account"]
                latest[account] = {**latest.get(account, {}), "account_id": account,
                                   "balance": result[f"{side}_balance"]}
        for thing in _things([result]):
            key = _key(thing)
            if key is not None:
                latest[key] = {**latest.get(key, {}), **thing}
    fields = [f"{_name(thing)} now has {key.replace('_', ' ')} {_show(key, v)}"
              for thing in latest.values() for key, v in thing.items()
              if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if fields and not swap:
        out["fields stated"] = base + " " + ". ".join(fields) + "."
    for call, result in zip(calls, results, strict=True):
        if call.name == "transfer":
            to, left = result["to_balance"], result["from_balance"]
            to, left = (left, to) if swap else (to, left)
            out["transfer balances"] = (
                f"{base} Sent ${call.arguments['amount']:,} from {call.arguments['from_account']}"
                f" to {call.arguments['to_account']}, which now holds {_show('balance', to)}; "
                f"{call.arguments['from_account']} is left with {_show('balance', left)}.")
        if call.name == "move_event":
            old, new = env.fresh(seed)["events"][call.arguments["event_id"]]["start"], \
                result["start"]
            old, new = (new, old) if swap else (old, new)
            title = env.fresh(seed)["events"][call.arguments["event_id"]]["title"]
            out["move from/to"] = (f"{base} Moved {title} from {old} to {new} on "
                                   f"{result['date']}.")
    listed = [latest[key] for result in results if isinstance(result, list)
              for thing in result if isinstance(thing, dict) and (key := _key(thing))
              ] or list(latest.values())
    for key in ("price", "balance", "stock"):
        valued = [(t[key], _name(t)) for t in listed if key in t and _name(t)]
        if len({v for v, _ in valued}) > 1 and len(valued) <= 4:
            high, low = max(valued)[1], min(valued)[1]
            high, low = (low, high) if swap else (high, low)
            stated = ", ".join(f"{n} {_show(key, v)}" for v, n in valued)
            out[f"comparison by {key}"] = (f"{base} {stated}: so {high} has the higher {key}, "
                                           f"and the lowest {key} is {low}'s.")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    items: list[tuple[str, bool, dict[str, Any]]] = []
    for ref in ("bank", "calendar", "shop"):
        env = load_environment(ref)
        for seed in range(args.seeds):
            for category in ("single", "parallel", "multi_step"):
                task = env.task(seed, category)
                if task is None:
                    continue
                for swap in (False, True):
                    for style, reply in replies(env, seed, task, swap).items():
                        if not (swap and style == "answer only"):
                            items.append((style, swap, trajectory(task, task.steps, reply,
                                                                  env=env, seed=seed)))
    records = [Record(id=str(i), data=data) for i, (_, _, data) in enumerate(items)]
    stage = ToolUse(ToolUseParams())
    with tempfile.TemporaryDirectory() as tmp:
        ctx = StageContext(spec_hash="probe", stage=stage.label, stage_index=0, seed=0,
                           run_dir=Path(tmp), teachers={})
        asyncio.run(stage.process(records, ctx))
    seen: Counter[tuple[str, bool]] = Counter()
    rejected: dict[tuple[str, bool], Counter[str]] = {}
    for (style, swap, _), rec in zip(items, records, strict=True):
        seen[style, swap] += 1
        if not rec.accepted:
            code = rec.verdicts[-1].check.rsplit(".", 1)[1]
            rejected.setdefault((style, swap), Counter())[code] += 1
            if not swap:
                print(f"  correct reply rejected ({style}): {rec.status_reason}")
    print("| reply style | correct replies rejected | swapped replies caught | caught by |\n"
          "|---|---:|---:|---|")
    for style in dict.fromkeys(style for style, _ in seen):
        right, wrong = rejected.get((style, False), Counter()), rejected.get((style, True),
                                                                             Counter())
        swapped = f"{sum(wrong.values())}/{seen[style, True]}" if seen[style, True] else "-"
        print(f"| {style} | {sum(right.values())}/{seen[style, False]} | {swapped} | "
              f"{', '.join(f'{k} {c}' for k, c in wrong.items()) or '-'} |")


if __name__ == "__main__":
    main()
