"""The answer log: answers that arrive within two event-loop iterations share one commit, and
each caller returns only once its answer and usage are committed."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from synthloop.store import RunStore
from synthloop.teachers.persist import AnswerLog


def test_answers_of_this_iteration_and_the_next_share_one_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = RunStore(tmp_path / "run.db")
    commits: list[int] = []
    transaction = store.transaction

    @contextmanager
    def counted() -> Iterator[object]:
        with transaction() as conn:
            yield conn
        commits.append(store.cache_size())

    monkeypatch.setattr(store, "transaction", counted)
    log = AnswerLog.of(store)

    async def answer(key: str, late: bool) -> int:
        if late:
            await asyncio.sleep(0)  # its response woke it one iteration later
        await log.put(key, {"text": key}, stage="gen", teacher="t", prompt_tokens=3,
                      completion_tokens=2, cost=0.5)
        return len(commits)

    async def scenario() -> list[int]:
        return await asyncio.gather(answer("a", False), answer("b", True))

    assert asyncio.run(scenario()) == [1, 1]  # both returned after the one commit
    assert commits == [2]
    assert [(r["requests"], r["prompt_tokens"], r["completion_tokens"], r["cost"])
            for r in store.usage()] == [(2, 6, 4, 1.0)]
    store.close()


@pytest.mark.parametrize("resumed", [False, True])
def test_a_fresh_cache_is_looked_up_only_for_keys_this_run_wrote(tmp_path: Path,
                                                                 resumed: bool) -> None:
    """A run that started with an empty cache asks SQLite only for answers it stored itself;
    a resumed run (answers already there) asks for every key, and finds the old answers."""
    store = RunStore(tmp_path / "run.db")
    if resumed:
        store.cache_put([("old", {"text": "paid before the kill"})])
    selects: list[str] = []
    store.conn.set_trace_callback(lambda sql: selects.append(sql)
                                  if sql.startswith("SELECT value FROM cache") else None)
    log = AnswerLog.of(store)

    async def scenario() -> list[object]:
        first = log.get("new")  # nothing stored under it yet
        await log.put("new", {"text": "fresh"}, stage="gen", teacher="t", prompt_tokens=1,
                      completion_tokens=1, cost=0.0)
        return [first, log.get("new"), log.get("old")]

    expected_old = {"text": "paid before the kill"} if resumed else None
    assert asyncio.run(scenario()) == [None, {"text": "fresh"}, expected_old]
    assert len(selects) == (3 if resumed else 1)  # fresh: only the key it wrote
    store.close()
