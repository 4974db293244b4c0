"""The bundled model's weights converted once to a type that batches faster (issue 24): the
conversion is cached by the source's content, made again when the source changes, and never
left half-written."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import llama_cpp
import pytest

from synthloop.teachers.llama_weights import served
from synthloop.teachers.local import bundled_model_path


@pytest.fixture
def quantize(monkeypatch: pytest.MonkeyPatch) -> list[tuple[bytes, int]]:
    """A stand-in ``llama_model_quantize`` that copies the source and records each call."""
    calls: list[tuple[bytes, int]] = []

    def fake(src: bytes, dst: bytes, params: Any) -> int:
        calls.append((src, params._obj.ftype))  # params: ctypes.byref(the struct)
        Path(dst.decode()).write_bytes(Path(src.decode()).read_bytes() + b"converted")
        return 0

    monkeypatch.setattr(llama_cpp, "llama_model_quantize", fake)
    return calls


def test_file_weights_are_the_source_itself(tmp_path: Path) -> None:
    source = tmp_path / "m.gguf"
    source.write_bytes(b"gguf")
    assert served(source, "file", tmp_path / "cache") == source
    assert not (tmp_path / "cache").exists()


def test_a_conversion_is_made_once_and_again_when_the_source_changes(
        tmp_path: Path, quantize: list[tuple[bytes, int]]) -> None:
    source, cache = tmp_path / "m.gguf", tmp_path / "cache"
    source.write_bytes(b"one")
    first = served(source, "q8_0", cache)
    assert first.read_bytes() == b"oneconverted" and first.parent == cache
    assert served(source, "q8_0", cache) == first
    assert quantize == [(str(source).encode(), llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0)]

    served(source, "q4_0", cache)  # another type: another file
    assert quantize[-1][1] == llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0
    served(source, "iq4_nl", cache)
    assert quantize[-1][1] == llama_cpp.LLAMA_FTYPE_MOSTLY_IQ4_NL

    source.write_bytes(b"two")
    os.utime(source, ns=(1, 1))  # a new mtime, so the remembered digest does not apply
    second = served(source, "q8_0", cache)
    assert second != first and second.read_bytes() == b"twoconverted"
    assert len(quantize) == 4


def test_a_failed_conversion_leaves_no_file_and_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(src: bytes, dst: bytes, params: Any) -> int:
        Path(dst.decode()).write_bytes(b"half")
        return 1

    monkeypatch.setattr(llama_cpp, "llama_model_quantize", failing)
    source, cache = tmp_path / "m.gguf", tmp_path / "cache"
    source.write_bytes(b"one")
    with pytest.raises(ValueError, match="could not convert .* to q8_0 \\(status 1\\)"):
        served(source, "q8_0", cache)
    assert [p.name for p in cache.iterdir()] == ["digests"]


def test_the_bundled_model_converts_to_a_loadable_file_of_that_type(tmp_path: Path) -> None:
    converted = served(bundled_model_path(), "q8_0", tmp_path)
    llama = llama_cpp.Llama(model_path=str(converted), n_ctx=64, n_threads=1, verbose=False)
    assert llama.metadata["general.file_type"] == str(llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0)


def test_the_bundled_model_is_served_converted_and_a_given_file_as_stored(
        tmp_path: Path) -> None:
    from synthloop.spec import LocalTeacherSpec
    from synthloop.teachers.local import BUNDLED_WEIGHTS, LocalTeacher

    def built(**kw: Any) -> LocalTeacher:
        return LocalTeacher.from_spec("w", LocalTeacherSpec(backend="local", **kw))

    own = tmp_path / "own.gguf"
    own.write_bytes(b"gguf")
    for teacher, weights in [(built(), BUNDLED_WEIGHTS), (built(model_path=str(own)), "file"),
                             (built(weights="file"), "file"),
                             (built(model_path=str(own), weights="q4_0"), "q4_0")]:
        argv = teacher.host._argv
        assert argv[argv.index("--weights") + 1] == weights
        # another model's answers: not the same cache entries
        assert teacher.model == (teacher.path.name if weights == "file"
                                 else f"{teacher.path.name} as {weights}") + ", flash attention"


def test_an_unwritable_cache_fails_the_teacher_with_one_clear_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from synthloop.spec import LocalTeacherSpec
    from synthloop.teachers.base import TeacherUnavailable
    from synthloop.teachers.local import LocalTeacher

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SYNTHLOOP_CACHE", str(blocker))  # the host inherits it

    async def ask() -> None:
        teacher = LocalTeacher.from_spec("w", LocalTeacherSpec(backend="local", max_tokens=2))
        try:
            await teacher.complete("Hello", stage="t")
        finally:
            await teacher.aclose()

    with pytest.raises(TeacherUnavailable, match="cannot load .*Q4_1.gguf: .*Not a directory"):
        asyncio.run(ask())
