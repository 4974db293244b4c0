"""Exports: written whole or not at all, audit exports that keep what a style cannot hold,
tool calls kept as chat templates read them, and bad arguments refused with exit 2."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import datasets
import pandas as pd
import pyarrow.parquet as pq
import pytest

import synthloop
from synthloop.export import columnar
from synthloop.tables import Table
from tests.conftest import run_cli

TOOL_RECORD = {
    "messages": [
        {"role": "user", "content": "weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function",
             "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
        {"role": "tool", "tool_call_id": "c1", "name": "get_weather", "content": "18C"},
        {"role": "assistant", "content": "18 degrees."}],
    "tools": [{"type": "function", "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
    "response": "18 degrees.",
}
# Rows 0, 3, 6, 9 have an empty response and row 4 none: validate.rules rejects those 5;
# the unparsable line fails at the source.
ROWS = [{"instruction": f"Say {i}", **({} if i == 4 else {"response": "" if i % 3 == 0
                                                           else f"ok {i}"})}
        for i in range(12)]


def write_source(folder: Path, rows: list[dict[str, object]], stages: str,
                 extra_lines: str = "") -> Path:
    (folder / "data.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows) + extra_lines)
    spec = folder / "s.yaml"
    spec.write_text(f"name: {folder.name}\nsource: {{path: data.jsonl}}\nstages:\n{stages}"
                    "outputs: {formats: [jsonl]}\n")
    return spec


@pytest.fixture(scope="module")
def audit_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("audit")
    spec = write_source(folder, [*ROWS, TOOL_RECORD],
                        "  - {use: validate.rules, required: [response]}\n", "not json\n")
    result = run_cli("run", str(spec), "--run-dir", str(folder / "run"), "-q")
    assert result.returncode == 0, result.stderr
    with synthloop.open_run(folder / "run") as run:
        assert run.counts() == {"accepted": 8, "rejected": 5, "failed": 1}
    return folder / "run"


def jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.mark.parametrize("style", ["chat", "alpaca", "sharegpt", "dpo", "kto", "raw"])
def test_audit_export_keeps_every_record_in_every_style(audit_run: Path, tmp_path: Path,
                                                       style: str) -> None:
    out = tmp_path / "out"
    result = run_cli("export", str(audit_run), "--include-rejected", "--style", style,
                     "--format", "jsonl,parquet,hf", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = jsonl(out / "data.jsonl")
    assert len(rows) == 14 == len(pd.read_parquet(out / "data.parquet"))
    assert len(datasets.load_from_disk(str(out / "hf"))) == 14
    by_status: dict[object, int] = {}
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    assert by_status == {"accepted": 8, "rejected": 5, "failed": 1}
    # Styled, or (raw style) the data itself.
    empty = next(r for r in rows if r.get("data", r).get("instruction") == "Say 0")
    assert empty.get("data", {"instruction": "Say 0", "response": ""}) == {
        "instruction": "Say 0", "response": ""}
    assert empty["status"] == "rejected"
    assert empty["status_reason"] == "required field 'response' is missing or empty"
    assert ("style_error" in empty) is (style != "raw")
    failed = next(r for r in rows if r["status"] == "failed")
    assert failed.get("data", failed).get("raw") == "not json\n"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "data.jsonl", "data.parquet",
                                                    "hf"]


def test_audit_row_says_why_it_cannot_be_styled(audit_run: Path, tmp_path: Path) -> None:
    result = run_cli("export", str(audit_run), "--include-rejected", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    missing = next(r for r in jsonl(tmp_path / "data.jsonl")
                   if r.get("data") == {"instruction": "Say 4"})
    assert missing["style_error"] == (
        "lacks a response (response/output/trace/answer/completion) (an empty value counts "
        "as missing) and has no `messages`; its fields: instruction. Use --style raw, or map "
        "fields with `source.fields`.")
    assert "messages" not in missing


def test_accepted_export_refuses_a_record_it_cannot_style(tmp_path: Path) -> None:
    spec = write_source(tmp_path, [{"instruction": "a", "response": "b"},
                                   {"instruction": "c", "output": ""}],
                        "  - {use: validate.rules, required: [instruction]}\n")
    with synthloop.run(spec, tmp_path / "run", export=False) as run:
        second = [r.id for r in run.records()][1]
    out = tmp_path / "out"
    chat = run_cli("export", str(tmp_path / "run"), "--out", str(out))
    assert chat.returncode == 2
    assert f"record {second}: lacks a response" in chat.stderr
    assert "Nothing was written" in chat.stderr and "Traceback" not in chat.stderr
    assert not out.exists()
    dpo = run_cli("export", str(tmp_path / "run"), "--style", "dpo", "--out", str(out))
    assert dpo.returncode == 2 and not out.exists()
    assert "the dpo style needs prompt, chosen and rejected; missing chosen, rejected" in \
        dpo.stderr


def test_tool_calls_survive_into_every_format(audit_run: Path, tmp_path: Path) -> None:
    from transformers.utils.chat_template_utils import render_jinja_template

    result = run_cli("export", str(audit_run), "--format", "jsonl,hf", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    row = next(r for r in jsonl(tmp_path / "data.jsonl") if "tools" in r)
    assert row["messages"] == TOOL_RECORD["messages"]
    assert row["tools"] == TOOL_RECORD["tools"]
    ds = datasets.load_from_disk(str(tmp_path / "hf"))
    loaded = next(r for r in ds if r["tools"])
    assert loaded["messages"][1]["content"] is None
    assert loaded["messages"][1]["tool_calls"][0]["function"]["arguments"] == {"city": "Paris"}
    assert loaded["messages"][2]["tool_call_id"] == "c1"
    template = (
        "{%- if tools %}<tools>{% for t in tools %}{{ t.function.name }}{% endfor %}</tools>"
        "{% endif %}{% for m in messages %}<{{ m.role }}>{% if m.content %}{{ m.content }}"
        "{% endif %}{% for c in m.tool_calls or [] %}[{{ c.function.name }} "
        "{{ c.function.arguments | tojson }}]{% endfor %}{% if m.tool_call_id %}"
        "({{ m.tool_call_id }}){% endif %}</{{ m.role }}>{% endfor %}")
    rendered, _ = render_jinja_template([loaded["messages"]], tools=loaded["tools"],
                                        chat_template=template)
    assert rendered[0] == ('<tools>get_weather</tools><user>weather in Paris?</user>'
                           '<assistant>[get_weather {"city": "Paris"}]</assistant>'
                           '<tool>18C(c1)</tool><assistant>18 degrees.</assistant>')
    sharegpt = run_cli("export", str(audit_run), "--style", "sharegpt", "--out",
                       str(tmp_path / "sg"))
    assert sharegpt.returncode == 0, sharegpt.stderr
    turns = next(r for r in jsonl(tmp_path / "sg/data.jsonl") if "tools" in r)["conversations"]
    assert turns == [
        {"from": "human", "value": "weather in Paris?"},
        {"from": "function_call",
         "value": '{"arguments": {"city": "Paris"}, "name": "get_weather"}'},
        {"from": "observation", "value": "18C"},
        {"from": "gpt", "value": "18 degrees."}]


def test_bad_arguments_exit_2_with_a_message(audit_run: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("mine")
    cases = {
        ("--out", str(a_file)): f"--out {a_file} is a file; give a folder",
        ("--format", "csv"): "unknown format 'csv'; the formats are jsonl, parquet, hf",
        ("--style", "nosuch"): "unknown style 'nosuch'; the styles are chat, alpaca, sharegpt, "
                               "dpo, dpo_chat, kto, kto_chat, raw",
    }
    for args, message in cases.items():
        out = () if "--out" in args else ("--out", str(tmp_path / "x"))
        result = run_cli("export", str(audit_run), *args, *out)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "resume" not in result.stderr
    assert a_file.read_text() == "mine" and not (tmp_path / "x").exists()


def test_a_failed_or_killed_export_leaves_the_earlier_one_whole(audit_run: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("export", str(audit_run), "--format", "jsonl,parquet,hf", "--out", str(out))
    assert run_cli(*args).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    args = (*args, "--overwrite")
    dpo = run_cli(*args, "--style", "dpo")
    assert dpo.returncode == 2 and "the dpo style needs" in dpo.stderr
    killed = run_cli(*args, "--style", "raw", env={"SYNTHLOOP_KILL_AT": "export:row@3"})
    assert killed.returncode == -signal.SIGKILL
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()
            if ".synthloop-export-" not in str(p)} == before
    assert any(out.glob(".synthloop-export-*")), "the killed export's staging folder"
    assert run_cli(*args, "--style", "raw").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "data.jsonl", "data.parquet",
                                                    "hf"]
    assert "messages" not in jsonl(out / "data.jsonl")[0]


def test_parquet_takes_columns_that_appear_late(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "CHUNK", 2)
    rows = [{"id": "a", "reason": None}, {"id": "b", "reason": None},
            {"id": "c", "reason": "empty", "extra": {"k": 1}}]
    assert columnar.write_parquet(lambda: iter(rows), tmp_path / "d.parquet") == 3
    assert pq.read_table(tmp_path / "d.parquet").to_pylist() == [
        {"id": "a", "reason": None, "extra": None}, {"id": "b", "reason": None, "extra": None},
        {"id": "c", "reason": "empty", "extra": {"k": 1}}]


def call(cid: str, name: str, arguments: dict[str, object]) -> dict[str, object]:
    return {"id": cid, "type": "function", "function": {"name": name, "arguments": arguments}}


def schema(name: str, properties: dict[str, object]) -> dict[str, object]:
    return {"type": "function", "function": {"name": name, "parameters": {
        "type": "object", "properties": properties, "required": list(properties)}}}


# Tool calls of different tools: other argument names, an int beside a float, no arguments.
MIXED_TOOL_ROWS: list[dict[str, object]] = [
    {"id": "t1", "messages": [
        {"role": "user", "content": "Put 45 dollars in ACC-7."},
        {"role": "assistant", "content": None, "tool_calls": [
            call("a", "deposit", {"account_id": "ACC-7", "amount": 45})]},
        {"role": "tool", "tool_call_id": "a", "name": "deposit", "content": '{"balance": 145}'},
        {"role": "assistant", "content": "Done."}],
     "tools": [schema("deposit", {"account_id": {"type": "string"},
                                  "amount": {"type": "number"}})]},
    {"id": "t2", "messages": [
        {"role": "user", "content": "Two lamps and the stock of SKU-3, please."},
        {"role": "assistant", "content": "", "tool_calls": [
            call("b", "place_order", {"sku": "SKU-1", "quantity": 2, "gift": False}),
            call("c", "get_product", {"sku": "SKU-3"})]},
        {"role": "tool", "tool_call_id": "b", "name": "place_order", "content": "ORD-1"},
        {"role": "tool", "tool_call_id": "c", "name": "get_product", "content": "7 left"},
        {"role": "assistant", "content": "Ordered; 7 left."}],
     "tools": [schema("place_order", {"sku": {"type": "string"},
                                      "quantity": {"type": "integer", "minimum": 1}}),
               schema("get_product", {"sku": {"type": "string"}})]},
    {"id": "t3", "messages": [
        {"role": "user", "content": "List my accounts and tip 12.5."},
        {"role": "assistant", "content": None, "tool_calls": [
            call("d", "list_accounts", {}), call("e", "tip", {"amount": 12.5})]},
        {"role": "tool", "tool_call_id": "d", "name": "list_accounts", "content": "[]"},
        {"role": "tool", "tool_call_id": "e", "name": "tip", "content": "ok"},
        {"role": "assistant", "content": "No accounts; tipped."}],
     "tools": [schema("list_accounts", {}), schema("tip", {"amount": {"type": "number"}})]},
    {"id": "p1", "messages": [{"role": "user", "content": "Hi"},
                              {"role": "assistant", "content": "Hello!"}]},
]


@pytest.mark.parametrize("chunk", [2, 10_000])
def test_parquet_reads_back_tool_calls_exactly(tmp_path: Path, chunk: int,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "CHUNK", chunk)
    path = tmp_path / "d.parquet"
    assert columnar.write_parquet(lambda: iter(MIXED_TOOL_ROWS), path) == 4
    # a column a row lacks reads as null (Parquet has columns, not keys); nothing else changes
    every_column = [{"tools": None, **row} for row in MIXED_TOOL_ROWS]
    assert [r.data for r in Table(path).rows()] == every_column  # type: ignore[union-attr]
    stored = pq.read_table(path)
    assert [str(f.type) for f in stored.schema] == [
        "string", "extension<arrow.json>", "extension<arrow.json>"]
    arguments = json.loads(stored.column("messages")[0].as_py())[1]["tool_calls"][0]
    assert json.dumps(arguments["function"]["arguments"]) == '{"account_id": "ACC-7", "amount": 45}'
    loaded = datasets.Dataset.from_parquet(str(path), cache_dir=str(tmp_path / "cache"))
    assert [loaded[i] for i in range(4)] == every_column


def test_columns_arrow_holds_exactly_stay_native(tmp_path: Path) -> None:
    rows = [{"id": "a", "n": 3, "tags": ["x"], "meta": {"k": 1}},
            {"id": "b", "n": 4, "tags": [], "meta": {"k": 2}}]
    columnar.write_parquet(lambda: iter(rows), tmp_path / "d.parquet")
    stored = pq.read_table(tmp_path / "d.parquet")
    assert [str(f.type) for f in stored.schema] == [
        "string", "int64", "list<element: string>", "struct<k: int64>"]
    assert stored.to_pylist() == rows


def test_parquet_and_hf_exports_read_back_as_the_jsonl_one(tmp_path: Path) -> None:
    spec = write_source(tmp_path, [{k: v for k, v in r.items() if k != "id"}
                                   for r in MIXED_TOOL_ROWS],
                        "  - {use: validate.rules, required: [messages]}\n")
    assert run_cli("run", str(spec), "--run-dir", str(tmp_path / "run"), "-q").returncode == 0
    out = tmp_path / "out"
    result = run_cli("export", str(tmp_path / "run"), "--format", "jsonl,parquet,hf", "--out",
                     str(out))
    assert result.returncode == 0, result.stderr
    written = [{"tools": None, **row} for row in jsonl(out / "data.jsonl")]
    assert [r["messages"] for r in written] == [r["messages"] for r in MIXED_TOOL_ROWS]
    for path in (out / "data.parquet", out / "hf"):
        assert [r.data for r in Table(path).rows()] == written  # type: ignore[union-attr]
