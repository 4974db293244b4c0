"""The installed llama.cpp is the portable build this CPU needs (x86-64-v3, or plain x86-64 on a
CPU without AVX2) whatever CPU compiled it: its compile-time instruction sets, the flags
scripts/install.sh builds it with, and the check that install.sh runs to replace a wheel pip
reused from its cache."""

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
sys.modules["llama_build"] = llama_build  # its dataclass looks its module up there
spec.loader.exec_module(llama_build)

# What 0.3.36 built with -march=native reports on the CPU of issue 19 (AVX-512 and AMX).
NATIVE = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
          "BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | "
          "AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")
PORTABLE = ("CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
            "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ")


QEMU64_FLAGS = ("flags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 "
                "clflush mmx fxsr sse sse2 syscall nx lm nopl cpuid pni cx16 hypervisor lahf_lm")
AVX512_FLAGS = ("processor\t: 0\nflags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 "
                "bmi2 pni popcnt avx512f avx512_fp16 amx_tile amx_int8\nbugs\t\t: spectre_v1\n")
NEHALEM_FLAGS = "fpu sse sse2 pni ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm"  # QEMU's Nehalem
BASELINE = "CPU : LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "


def switches(args: str) -> dict[str, str]:
    """``-DGGML_X=ON`` switches as {"X": "ON"}."""
    return dict(re.findall(r"-DGGML_(\w+)=(\w+)", args))


def test_a_cpu_with_avx2_gets_x86_64_v3_and_nothing_newer() -> None:
    level = llama_build.level_for(llama_build.cpu_flags(AVX512_FLAGS))
    assert level.name == "x86-64-v3"
    args = switches(level.cmake_args())
    assert {k for k, v in args.items() if v == "ON"} == {"SSE42", "AVX", "AVX2", "FMA", "F16C"}
    assert {k for k, v in args.items() if v == "OFF"} == {
        "NATIVE", "BMI2", "AVX_VNNI", "AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16",
        "AMX_TILE", "AMX_INT8", "AMX_BF16"}


def test_a_cpu_without_avx2_gets_plain_x86_64() -> None:
    """QEMU's Nehalem: SSE4.2 and POPCNT, no AVX, FMA or F16C."""
    level = llama_build.level_for(set(NEHALEM_FLAGS.split()))
    assert level.name == "x86-64"
    assert set(switches(level.cmake_args()).values()) == {"OFF"}
    # one missing flag is enough: a v3 build would die with SIGILL there
    assert llama_build.level_for({"avx", "avx2", "fma"}).name == "x86-64"
    assert llama_build.level_for(set()).name == "x86-64"


def test_below_x86_64_v2_the_installer_says_numpy_cannot_run() -> None:
    assert llama_build.describe(llama_build.cpu_flags(QEMU64_FLAGS)) == (
        3, "this CPU lacks ssse3, sse4_1, sse4_2, popcnt: NumPy 2.4, which synthloop's teacher "
           "and embedder import, needs x86-64-v2 (SSE4.2 and POPCNT)")
    assert llama_build.describe(set(NEHALEM_FLAGS.split())) == (
        0, "x86-64 (this CPU lacks avx, avx2, fma, f16c)")
    assert llama_build.describe(llama_build.cpu_flags(AVX512_FLAGS)) == (0, "x86-64-v3")


def test_the_check_tells_a_native_build_from_the_portable_one() -> None:
    v3 = llama_build.V3
    assert llama_build.problems(llama_build.compiled_features(PORTABLE), v3) == []
    assert llama_build.problems(llama_build.compiled_features(NATIVE), v3) == [
        "built with AMX_INT8, AVX512, AVX512_BF16, AVX512_VBMI, AVX512_VNNI, AVX_VNNI, BMI2"]
    generic = "CPU : SSE3 = 1 | SSSE3 = 1 | LLAMAFILE = 1 | "
    assert llama_build.problems(llama_build.compiled_features(generic), v3) == [
        "built without AVX, AVX2, FMA, F16C"]


def test_a_cpu_without_avx2_refuses_a_reused_v3_wheel() -> None:
    base = llama_build.BASELINE
    assert llama_build.problems(llama_build.compiled_features(BASELINE), base) == []
    assert llama_build.problems(llama_build.compiled_features(PORTABLE), base) == [
        "built with AVX, AVX2, F16C, FMA, SSE3, SSSE3"]


def test_install_takes_its_flags_from_the_check() -> None:
    """install.sh exports what ``llama_build.py --cmake-args`` prints: one list of switches."""
    text = (REPO / "scripts/install.sh").read_text()
    assert 'CMAKE_ARGS="$(python3 scripts/llama_build.py --cmake-args)"' in text
    assert "-DGGML_" not in text
    done = subprocess.run([sys.executable, str(REPO / "scripts/llama_build.py"), "--cmake-args"],
                          capture_output=True, text=True, timeout=60)
    level, _ = llama_build.this_cpu()
    expected = level.cmake_args() if platform.machine() == "x86_64" else "-DGGML_NATIVE=OFF"
    assert (done.returncode, done.stdout.strip()) == (0, expected)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="x86 instruction sets")
def test_the_installed_build_is_the_one_this_cpu_needs() -> None:
    level, _ = llama_build.this_cpu()
    features = llama_build.compiled_features(llama_cpp.llama_print_system_info().decode())
    assert llama_build.problems(features, level) == []
    assert not [f for f in features if f.startswith(("AVX512", "AMX"))], features
    done = subprocess.run([sys.executable, str(REPO / "scripts/llama_build.py")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(f"the portable {level.name} build: ")
