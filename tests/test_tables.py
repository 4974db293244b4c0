"""The one table reader: every format gives the same rows, bad rows are kept with their line,
and a table that cannot be used at all (empty, unparseable, a mapped column missing) is exit 2
with a message saying what to do, from `synthloop check` where the first rows tell, else from
`synthloop run` before anything is imported."""

from __future__ import annotations

import codecs
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

import synthloop
from synthloop.errors import DataError
from synthloop.generate.teaching import read_examples
from synthloop.measure.data import load_items
from synthloop.measure.experiment import DataSpec
from synthloop.sources import check_source, source_rows
from synthloop.spec import SourceSpec
from synthloop.tables import QUICK_BYTES, BadRow, Row, Table
from tests.conftest import REPO, run_cli

ROWS = [{"prompt": "Add 2 and 3", "response": "5"},
        {"prompt": "Say hi, twice", "response": "hi\nhi"},
        {"prompt": "Quote \"this\"", "response": None}]
CSV_TEXT = ('prompt,response\n'
            'Add 2 and 3,5\n'
            '"Say hi, twice","hi\nhi"\n'
            '"Quote ""this""",\n')


def write_formats(tmp_path: Path) -> dict[str, Path]:
    """ROWS in every format the reader takes."""
    import datasets
    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = "".join(json.dumps(r) + "\n" for r in ROWS)
    paths = {"jsonl": tmp_path / "t.jsonl", "jsonl.gz": tmp_path / "t.jsonl.gz",
             "csv": tmp_path / "t.csv", "parquet": tmp_path / "t.parquet", "hf": tmp_path / "t"}
    paths["jsonl"].write_text(lines)
    paths["jsonl.gz"].write_bytes(gzip.compress(lines.encode()))
    paths["csv"].write_text(CSV_TEXT)
    pq.write_table(pa.Table.from_pylist(ROWS), paths["parquet"], row_group_size=2)
    datasets.Dataset.from_list(ROWS).save_to_disk(str(paths["hf"]))
    return paths


def test_every_format_gives_the_same_rows(tmp_path: Path) -> None:
    positions = {}
    for fmt, path in write_formats(tmp_path).items():
        table = Table(path)
        rows = list(table.strict_rows())
        assert [r.data for r in rows] == ROWS, fmt
        assert [(r.index, r.data) for r in table.rows(start=2)] == [(2, ROWS[2])], fmt  # resume
        head = table.check({"instruction": "prompt"})
        assert head is not None and head.columns == ["prompt", "response"], fmt
        positions[fmt] = [r.pos for r in rows]
    assert positions["jsonl"] == positions["jsonl.gz"] == ["line 1", "line 2", "line 3"]
    assert positions["csv"] == ["line 2", "line 3", "line 5"]  # a quoted newline spans lines
    assert positions["parquet"] == positions["hf"] == ["row 1", "row 2", "row 3"]


def test_dataset_dict_directory_reads_its_train_split(tmp_path: Path) -> None:
    import datasets

    splits = {"test": datasets.Dataset.from_list(ROWS[:1]),
              "train": datasets.Dataset.from_list(ROWS[1:])}
    datasets.DatasetDict(splits).save_to_disk(str(tmp_path / "dd"))
    assert [r.data for r in Table(tmp_path / "dd").strict_rows()] == ROWS[1:]


def test_bad_rows_are_kept_with_their_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text('{"a": 1}\n\n[1, 2]\n{"a": 2\n{"a": 3}\n')
    rows = list(Table(jsonl).rows())
    assert [type(r) for r in rows] == [Row, BadRow, BadRow, Row]
    assert [r.index for r in rows] == [0, 1, 2, 3]  # blank lines are not rows
    bad = [r for r in rows if isinstance(r, BadRow)]
    assert bad[0].error == f"{jsonl}:3: expected a JSON object, got list"
    assert bad[1].error.startswith(f"{jsonl}:4: invalid JSON (")
    assert bad[1].raw == '{"a": 2\n'  # kept whole in the failed record
    with pytest.raises(DataError, match=r"m\.jsonl:3: expected a JSON object, got list"):
        list(Table(jsonl).strict_rows())

    csv = tmp_path / "m.csv"
    csv.write_bytes(b"a,b\n1,2\n3\n4,5,6\n\xff\xfe,7\n8,9\n")
    rows = list(Table(csv).rows())
    assert [r.data if isinstance(r, Row) else r.error for r in rows] == [
        {"a": "1", "b": "2"},
        f"{csv}:3: 1 field(s) where the header has 2; fix the line and re-run",
        f"{csv}:4: 3 field(s) where the header has 2; fix the line and re-run",
        f"{csv}:5: not UTF-8 text; convert the file to UTF-8",
        {"a": "8", "b": "9"}]


def test_csv_header_with_a_repeated_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("text,text\na,b\n")
    with pytest.raises(DataError, match=r"d\.csv:1: the column 'text' appears twice"):
        Table(path).check()


def source_spec(tmp_path: Path, data: str, extra: str = "") -> Path:
    spec = tmp_path / "s.yaml"
    spec.write_text(f"name: t\nsource:\n  path: {data}\n{extra}")
    return spec


def check_and_run(spec: Path, run_dir: Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    return run_cli("check", str(spec)), run_cli("run", str(spec), "--run-dir", str(run_dir), "-q")


def test_field_mapped_to_a_missing_column_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('{"instruction": "Say hi", "output": "hi"}\n')
    spec = source_spec(tmp_path, "d.jsonl", "  fields: {prompt: instruction, response: outptu}\n")
    for result in check_and_run(spec, tmp_path / "run"):
        assert result.returncode == 2, result.stderr
        assert (f"s.yaml:4:43: source.fields.response: {tmp_path}/d.jsonl: `fields:` maps "
                "'response' to the column 'outptu', which the file does not have; its columns "
                "are: instruction, output. Correct the column name in `fields:`"
                in " ".join(result.stderr.split()))
    assert not (tmp_path / "run").exists()


def test_missing_column_of_a_parquet_source_is_found_before_the_import(tmp_path: Path) -> None:
    """`check` leaves Parquet alone (it imports no pyarrow); the run refuses it, importing
    nothing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"question": "2+2?", "answer": "4"}]),
                   tmp_path / "d.parquet")
    spec = source_spec(tmp_path, "d.parquet", "  fields: {response: answr}\n")
    checked, ran = check_and_run(spec, tmp_path / "run")
    assert checked.returncode == 0, checked.stderr
    assert ran.returncode == 2
    assert ("`fields:` maps 'response' to the column 'answr', which the file does not have; "
            "its columns are: question, answer." in " ".join(ran.stderr.split()))
    with synthloop.open_run(tmp_path / "run") as run:
        assert run.counts() == {"accepted": 0, "rejected": 0, "failed": 0}


# gzip with mtime=0: the case ids hold the bytes, and must be the same in every xdist worker
@pytest.mark.parametrize(("name", "content", "message"), [
    ("utf16.jsonl", codecs.BOM_UTF16_LE + '{"prompt": "hi"}\n'.encode("utf-16-le"),
     "no line parses as JSONL; the file looks UTF-16 encoded; convert it to UTF-8, e.g. iconv "
     "-f UTF-16 -t UTF-8 utf16.jsonl > utf8-utf16.jsonl. The first error, on line 1: invalid "
     "JSON"),
    ("nobom.csv", "prompt,response\nhi,there\n".encode("utf-16-le"),
     "no line parses as CSV; the file looks UTF-16 encoded"),
    ("data.jsonl", b"prompt,response\nSay hi,hi\nAdd 2 and 2,4\n",
     "no line parses as JSONL; the lines look like CSV; use `format: csv` or a .csv name"),
    ("array.jsonl", b'[\n  {\n    "prompt": "hi"\n  }\n]\n',
     "no line parses as JSONL; the file looks like one JSON array; JSON Lines needs one object per line, e.g. "
     "jq -c '.[]' array.jsonl"),
    ("blob.jsonl", bytes(range(256)) * 4,
     "no line parses as JSONL; the file looks binary, not UTF-8 text; give JSON Lines, CSV, "
     "Parquet or a save_to_disk directory"),
    ("zipped.jsonl", gzip.compress(b'{"prompt": "hi"}\n', mtime=0),
     "no line parses as JSONL; the file is gzip-compressed; name it zipped.jsonl.gz"),
    ("notzipped.jsonl.gz", b'{"prompt": "hi"}\n',
     "the name ends in .gz but the file is not gzip-compressed; rename it without .gz"),
    ("empty.jsonl", b"", "the JSONL file has no rows; give a table with data"),
    ("blank.jsonl", b"\n  \n", "the JSONL file has no rows"),
    ("header.csv", b"prompt,response\n", "the CSV file has a header but no rows"),
    ("empty.csv", b"", "the CSV file has no rows"),
])
def test_unusable_file_is_exit_2_at_check(tmp_path: Path, name: str, content: bytes,
                                          message: str) -> None:
    (tmp_path / name).write_bytes(content)
    result = run_cli("check", str(source_spec(tmp_path, name)))  # `run` checks the same way
    assert result.returncode == 2, result.stderr
    text = " ".join(result.stderr.split())
    assert f"s.yaml:3:9: source.path: {tmp_path}/{name}: {message}" in text
    assert "Traceback" not in result.stderr


def test_unparseable_file_larger_than_what_check_reads_is_refused_by_run(tmp_path: Path) -> None:
    """`check` reads only the head; a run scans on to the first good line before importing."""
    bad = b"this is not json\n"
    (tmp_path / "d.jsonl").write_bytes(bad * (QUICK_BYTES // len(bad) + 10))
    checked, ran = check_and_run(source_spec(tmp_path, "d.jsonl"), tmp_path / "run")
    assert checked.returncode == 0, checked.stderr
    assert ran.returncode == 2
    assert (f"{tmp_path}/d.jsonl: no line parses as JSONL; each line must be one JSON object. "
            "The first error, on line 1: invalid JSON" in " ".join(ran.stderr.split()))


def test_partly_bad_file_keeps_every_row(tmp_path: Path) -> None:
    """One good line past a megabyte of bad ones: nothing refused, nothing lost."""
    bad = b"this is not json\n"
    n_bad = QUICK_BYTES // len(bad) + 10
    path = tmp_path / "d.jsonl"
    path.write_bytes(bad * n_bad + b'{"prompt": "hi"}\n')
    source = SourceSpec(path="d.jsonl")
    check_source(source, path)
    rows = list(source_rows(source, path))
    assert len(rows) == n_bad + 1
    assert rows[-1] == Row(path, n_bad, n_bad + 1, {"prompt": "hi"})
    assert isinstance(rows[0], BadRow) and rows[0].error.startswith(f"{path}:1: invalid JSON")


def test_no_readable_row_within_the_limit_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('oops\n{"prompt": "hi"}\n')
    for result in check_and_run(source_spec(tmp_path, "d.jsonl", "  limit: 1\n"),
                                tmp_path / "run"):
        assert result.returncode == 2
        assert ("d.jsonl: none of its first 1 rows (source.limit) parses; fix them or raise "
                "the limit" in " ".join(result.stderr.split()))


def test_csv_source_with_renamed_fields(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("question,answer,level\n2+2?,4,easy\n3,\n")
    spec = source_spec(tmp_path, "d.csv",
                       "  fields: {prompt: question, response: answer}\n  attributes: [level]\n")
    checked, ran = check_and_run(spec, tmp_path / "run")
    assert (checked.returncode, ran.returncode) == (0, 0), ran.stderr
    with synthloop.open_run(tmp_path / "run") as run:
        [ok] = run.records("accepted")
        assert ok.data == {"prompt": "2+2?", "response": "4", "level": "easy"}
        assert ok.attributes == {"level": "easy"}
        assert [r.status_reason for r in run.records("failed")] == [
            f"{tmp_path}/d.csv:3: 2 field(s) where the header has 3; fix the line and re-run"]


def test_seed_examples_and_measure_read_every_format(tmp_path: Path) -> None:
    paths = write_formats(tmp_path)
    for path in paths.values():
        assert read_examples(path) == ROWS
    items = load_items(DataSpec(path="t.csv", fields={"text": "prompt"}), paths["csv"],
                       ["text"])
    assert [(i["id"], i["text"]) for i in items] == [
        ("line 2", "Add 2 and 3"), ("line 3", "Say hi, twice"), ("line 5", 'Quote "this"')]
    with pytest.raises(DataError, match="`fields:` maps 'label' to the column 'category', "
                       "which the file does not have; its columns are: prompt, response"):
        load_items(DataSpec(path="t.parquet", fields={"label": "category"}), paths["parquet"],
                   ["label"])
    utf16 = tmp_path / "seeds.jsonl"
    utf16.write_bytes('{"instruction": "hi"}\n'.encode("utf-16"))
    with pytest.raises(DataError, match="looks UTF-16 encoded"):
        read_examples(utf16)


def test_text_formats_import_no_heavy_library(tmp_path: Path) -> None:
    """The reader alone (the package face is another module's concern): JSONL, CSV and the
    check read with none of pyarrow, pandas, datasets; Parquet brings pyarrow in."""
    paths = write_formats(tmp_path)
    code = f"""
import sys, types
from pathlib import Path
package = types.ModuleType("synthloop")
package.__path__ = [{str(REPO / "src" / "synthloop")!r}]
sys.modules["synthloop"] = package
from synthloop.sources import check_source
from synthloop.spec import SourceSpec
from synthloop.tables import Table
heavy = ("pyarrow", "pandas", "datasets")
for name in ("jsonl", "jsonl.gz", "csv"):
    path = Path({str(tmp_path)!r}) / ("t." + name)
    assert len(list(Table(path).rows())) == 3
for name in ("t.csv", "t.parquet", "t"):
    check_source(SourceSpec(path=name, fields={{"text": "prompt"}}), Path({str(tmp_path)!r}) / name)
print([m for m in heavy if m in sys.modules])
list(Table(Path({str(paths["parquet"])!r})).rows())
print([m for m in heavy if m in sys.modules])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[:2] == ["[]", "['pyarrow']"]
