"""The installed llama.cpp is the portable x86-64-v3 build whatever CPU compiled it: its
compile-time instruction sets, the flags scripts/install.sh builds it with, and the check that
install.sh runs to replace a native wheel pip reused from its cache."""

from __future__ import annotations

import importlib.util
import platform
import re
import subprocess
import sys

import llama_cpp
import pytest

from tests.teachers.conftest import REPO

spec = importlib.util.spec_from_file_location("llama_build", REPO / "scripts/llama_build.py")
assert spec is not None and spec.loader is not None
llama_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(llama_build)

# What 0.3.36 built with -march=native reports on the CPU of issue 19 (AVX-512 and AMX).
NATIVE = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
          "BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | "
          "AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
PORTABLE = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
            "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")


def cmake_args() -> dict[str, str]:
    """``-DGGML_X=ON`` switches of install.sh's PORTABLE_CMAKE_ARGS, as {"X": "ON"}."""
    text = (REPO / "scripts/install.sh").read_text()
    (args,) = re.findall(r'PORTABLE_CMAKE_ARGS="([^"]*)"', text)
    return dict(re.findall(r"-DGGML_(\w+)=(\w+)", args.replace("\\\n", "")))


def test_install_builds_x86_64_v3_and_nothing_newer() -> None:
    args = cmake_args()
    assert {k for k, v in args.items() if v == "ON"} == {"SSE42", "AVX", "AVX2", "FMA", "F16C"}
    assert {k for k, v in args.items() if v == "OFF"} == {
        "NATIVE", "BMI2", "AVX_VNNI", "AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16",
        "AMX_TILE", "AMX_INT8", "AMX_BF16"}
    # every set the flags turn off is one the check refuses, every one they turn on it requires
    on = {k for k, v in args.items() if v == "ON"} - {"SSE42"}  # ggml reports SSE3, not 4.2
    assert set(llama_build.REQUIRED) == on
    assert all(k.startswith(llama_build.FORBIDDEN_PREFIXES)
               for k, v in args.items() if v == "OFF" and k != "NATIVE")


def test_the_check_tells_a_native_build_from_the_portable_one() -> None:
    assert llama_build.problems(llama_build.compiled_features(PORTABLE)) == []
    assert llama_build.problems(llama_build.compiled_features(NATIVE)) == [
        "built with AMX_INT8, AVX512, AVX512_BF16, AVX512_VBMI, AVX512_VNNI, AVX_VNNI, BMI2"]
    generic = "CPU : SSE3 = 1 | SSSE3 = 1 | LLAMAFILE = 1 | "
    assert llama_build.problems(llama_build.compiled_features(generic)) == [
        "built without AVX, AVX2, FMA, F16C"]


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86 instruction sets")
def test_the_installed_build_is_portable() -> None:
    features = llama_build.compiled_features(llama_cpp.llama_print_system_info().decode())
    assert {"AVX", "AVX2", "FMA", "F16C"} <= features
    assert not [f for f in features if f.startswith(("AVX512", "AMX"))], features
    done = subprocess.run([sys.executable, str(REPO / "scripts/llama_build.py")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        "the portable x86-64-v3 build: no AVX-512, AMX, AVX-VNNI or BMI2 code")
