"""A GGUF's weights converted once to a type llama.cpp batches better, cached on disk.

Why: the bundled SmolLM2 GGUF stores its blocks as Q4_1, which this build's CPU kernels
multiply one dot product per row and column whatever the batch, so decoding 8 sequences in
one step costs nearly 8 steps of one (103 tokens per CPU-second at 8 rows against 85 at 1).
Q8_0 and Q4_0 have GEMM kernels (llamafile's tinyBLAS; Q4_0 also repacked 8x8): 139 and 155 at
8 rows (benchmarks/results/local_teacher.md). IQ4_NL is repacked 8x8 on AVX2 too: 153
tok/CPU-s at 4 rows against Q8_0's 106 (flash attention), but re-rounding Q4_1 to 4 bits
without its offsets is another model (mean KL 0.20 to the file, top-1 agreement 0.80; Q8_0:
0.005, 0.96), so it is offered, not the default. ``llama_model_quantize`` with
``allow_requantize`` converts the file in about 1.5 s; the result is kept under
``$SYNTHLOOP_CACHE/models`` (else ``~/.cache/synthloop/models``), named by the source's SHA-256
and the type, so a changed source is converted again and an unchanged one never is. Hashing
98 MB takes ~0.5 s, so the digest is remembered per (path, size, mtime): a start with the
conversion cached reads one small file.

Converting re-rounds the weights: the model answers differently from the source file (its
seeded answers are reproducible on the converted file, batched or not, like any GGUF's). A
file is written under a temporary name and renamed into place, so a run killed mid-conversion
or two runs converting at once leave either no file or a whole one.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
from pathlib import Path
from typing import Literal

from synthloop.cache_dirs import cache_dir

Weights = Literal["file", "q8_0", "q4_0", "iq4_nl"]  # "file": as the GGUF stores them


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def source_digest(source: Path, cache: Path) -> str:
    """The SHA-256 of ``source``, hashed once per (path, size, mtime)."""
    stat = source.stat()
    identity = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
    memo = cache / "digests" / hashlib.sha256(identity).hexdigest()[:32]
    try:
        return memo.read_text()
    except FileNotFoundError:
        pass
    with source.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    memo.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(memo, digest.encode())
    return digest


def served(source: Path, weights: Weights, cache: Path | None = None) -> Path:
    """The file to load for ``source`` with its weights as ``weights``: ``source`` itself for
    ``file``, else the cached conversion, made now if missing."""
    if weights == "file":
        return source
    import llama_cpp

    cache = cache_dir("models") if cache is None else cache
    digest = source_digest(source, cache)
    target = cache / f"{source.stem}.{digest[:16]}.{weights}.gguf"
    if target.is_file():
        return target
    ftype = {"q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0,
             "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0,
             "iq4_nl": llama_cpp.LLAMA_FTYPE_MOSTLY_IQ4_NL}[weights]
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype, params.allow_requantize = ftype, True
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    code = llama_cpp.llama_model_quantize(str(source).encode(), str(tmp).encode(),
                                          ctypes.byref(params))
    if code != 0:
        tmp.unlink(missing_ok=True)
        raise ValueError(f"llama_model_quantize could not convert {source} to {weights} "
                         f"(status {code})")
    os.replace(tmp, target)
    return target
