"""Which llama.cpp build this CPU needs, and is the installed llama-cpp-python that build?

Two builds, chosen by the CPU's flags in /proc/cpuinfo, never by the compiler's -march=native:
- x86-64-v3 (AVX, AVX2, FMA and F16C on; AVX-512, AMX, AVX-VNNI and BMI2 off) where the CPU
  has AVX2, FMA and F16C: it runs on every such CPU and never enters the AVX-512/AMX code that
  segfaults in llama_decode on some CPUs when built natively;
- plain x86-64 (no set beyond SSE2) where it lacks one of them (an old CPU, or a VM whose
  virtual CPU hides them, e.g. QEMU's Nehalem): a v3 build dies there with SIGILL on the first
  prompt. Several times slower, but the bundled teacher answers.
Below x86-64-v2 nothing can be installed: NumPy 2.4's wheels, which torch, the embedder and
llama-cpp-python import, need SSE4.2 and POPCNT (on QEMU's qemu64 `import numpy` dies with
SIGILL), so --level says so and exits 3.

ggml reports the instruction sets it was compiled with (compile-time, whatever this CPU has).
A build showing any set its level leaves off, or lacking one it requires, came from other flags
(a wheel pip reused from its cache, built natively or on another machine) and must be rebuilt.

    python3 scripts/llama_build.py               check the installed build: 0 ok, 1 not, 2 absent
    python3 scripts/llama_build.py --level       the level this CPU needs, and why
    python3 scripts/llama_build.py --cmake-args  CMAKE_ARGS that compile that level

Stdlib only: install.sh runs it before anything else is known to work.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

# Every instruction-set switch of ggml's CMakeLists.txt (llama-cpp-python 0.3.36) that the
# levels set; a switch a level does not name is off.
SWITCHES = ("SSE42", "AVX", "AVX2", "FMA", "F16C", "BMI2", "AVX_VNNI", "AVX512", "AVX512_VBMI",
            "AVX512_VNNI", "AVX512_BF16", "AMX_TILE", "AMX_INT8", "AMX_BF16")
# Names ggml's system info uses for instruction sets (beside LLAMAFILE, OPENMP, REPACK, ...).
ISA_PREFIXES = ("SSE", "SSSE", "AVX", "F16C", "FMA", "BMI", "AMX")


@dataclass(frozen=True)
class Level:
    """One build: the CPU flags it needs, the switches it turns on, what its build reports."""

    name: str
    cpu_flags: tuple[str, ...]  # as /proc/cpuinfo spells them
    switches_on: tuple[str, ...]
    reports: frozenset[str]  # ISA names the build may report (SSE3/SSSE3 come with AVX)
    required: tuple[str, ...]  # ISA names it must report

    def cmake_args(self) -> str:
        return " ".join(["-DGGML_NATIVE=OFF"] + [
            f"-DGGML_{s}={'ON' if s in self.switches_on else 'OFF'}" for s in SWITCHES])


V3 = Level("x86-64-v3", cpu_flags=("avx", "avx2", "fma", "f16c"),
           switches_on=("SSE42", "AVX", "AVX2", "FMA", "F16C"),
           reports=frozenset({"SSE3", "SSSE3", "AVX", "AVX2", "FMA", "F16C"}),
           required=("AVX", "AVX2", "FMA", "F16C"))
BASELINE = Level("x86-64", (), (), frozenset(), ())
# NumPy 2.4's baseline, X86_V2 in numpy.show_config(): SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT.
NUMPY_CPU_FLAGS = ("pni", "ssse3", "sse4_1", "sse4_2", "popcnt")


def cpu_flags(cpuinfo: str) -> set[str]:
    """The first ``flags`` line of /proc/cpuinfo as a set (empty when there is none)."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return set(value.split())
    return set()


def level_for(flags: set[str]) -> Level:
    """x86-64-v3 only when the CPU shows every flag it needs; anything less gets the baseline."""
    return V3 if set(V3.cpu_flags) <= flags else BASELINE


def this_cpu() -> tuple[Level, set[str]]:
    """The level this machine needs, and the CPU's flags."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            flags = cpu_flags(f.read())
    except OSError:
        flags = set()
    return level_for(flags), flags


def describe(flags: set[str]) -> tuple[int, str]:
    """``--level``'s exit code and line for an x86 CPU with these flags."""
    below_v2 = [f for f in NUMPY_CPU_FLAGS if f not in flags]
    if below_v2:
        return 3, (f"this CPU lacks {', '.join(below_v2)}: NumPy 2.4, which synthloop's teacher "
                   "and embedder import, needs x86-64-v2 (SSE4.2 and POPCNT)")
    lacking = [f for f in V3.cpu_flags if f not in flags]
    return 0, level_for(flags).name + (f" (this CPU lacks {', '.join(lacking)})" if lacking else "")


def compiled_features(system_info: str) -> set[str]:
    """``"CPU : SSE3 = 1 | AVX2 = 1 | "`` -> ``{"SSE3", "AVX2"}``: the sets ggml says are on."""
    out: set[str] = set()
    for part in system_info.split("|"):
        name, _, value = part.rpartition(":")[2].partition("=")
        if value.strip() == "1":
            out.add(name.strip())
    return out


def problems(features: set[str], level: Level = V3) -> list[str]:
    """Why a build with these compiled features is not ``level``'s build ([] when it is)."""
    off = sorted(f for f in features if f.startswith(ISA_PREFIXES) and f not in level.reports)
    missing = [f for f in level.required if f not in features]
    return ([f"built with {', '.join(off)}"] if off else []) + (
        [f"built without {', '.join(missing)}"] if missing else [])


def main(argv: list[str]) -> int:
    x86 = platform.machine() in ("x86_64", "AMD64")
    level, flags = this_cpu()
    if argv == ["--cmake-args"]:
        # elsewhere the instruction-set flags mean nothing; GGML_NATIVE=OFF is all there is
        print(level.cmake_args() if x86 else "-DGGML_NATIVE=OFF")
        return 0
    if argv == ["--level"]:
        code, text = describe(flags) if x86 else (0, platform.machine())
        print(text)
        return code
    if argv:
        print(f"unknown arguments {argv}; use --level, --cmake-args or none", file=sys.stderr)
        return 2
    try:
        import llama_cpp
    except ImportError:
        print("llama-cpp-python is not installed")
        return 2
    info = llama_cpp.llama_print_system_info().decode()
    print(f"llama-cpp-python {llama_cpp.__version__}: {info.strip()}")
    if not x86:
        return 0
    why = problems(compiled_features(info), level)
    if why:
        print(f"not the {level.name} build this CPU needs: {'; '.join(why)}")
        return 1
    print(f"the portable {level.name} build: no instruction set beyond "
          + ("AVX2, FMA and F16C" if level is V3 else "SSE2"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
