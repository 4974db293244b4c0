"""Is the installed llama-cpp-python the portable build? Exit 0 if so, 1 if not, 2 if absent.

ggml reports the instruction sets it was compiled with (compile-time, whatever this CPU has).
The portable build (scripts/install.sh) targets x86-64-v3: AVX, AVX2, FMA and F16C on, and
every newer set off, so it runs on every such CPU and never enters the AVX-512/AMX code that
segfaults in llama_decode on some CPUs when built natively. A build showing any set the
portable flags turn off, or lacking one they turn on, came from other flags (a wheel pip
reused from its cache, built with -march=native) and must be rebuilt.
Stdlib only: install.sh runs it before anything else is known to work.
"""

from __future__ import annotations

import platform
import sys

REQUIRED = ("AVX", "AVX2", "FMA", "F16C")
# What the portable CMAKE_ARGS turn off; AVX512* covers F, VBMI, VNNI and BF16, AMX* every AMX.
FORBIDDEN_PREFIXES = ("AVX512", "AMX", "AVX_VNNI", "BMI2")


def compiled_features(system_info: str) -> set[str]:
    """``"CPU : SSE3 = 1 | AVX2 = 1 | "`` -> ``{"SSE3", "AVX2"}``: the sets ggml says are on."""
    out: set[str] = set()
    for part in system_info.split("|"):
        name, _, value = part.rpartition(":")[2].partition("=")
        if value.strip() == "1":
            out.add(name.strip())
    return out


def problems(features: set[str]) -> list[str]:
    """Why a build with these compiled features is not the portable one ([] when it is)."""
    off = sorted(f for f in features if f.startswith(FORBIDDEN_PREFIXES))
    missing = [f for f in REQUIRED if f not in features]
    return ([f"built with {', '.join(off)}"] if off else []) + (
        [f"built without {', '.join(missing)}"] if missing else [])


def main() -> int:
    try:
        import llama_cpp
    except ImportError:
        print("llama-cpp-python is not installed")
        return 2
    info = llama_cpp.llama_print_system_info().decode()
    print(f"llama-cpp-python {llama_cpp.__version__}: {info.strip()}")
    if platform.machine() not in ("x86_64", "AMD64"):
        return 0  # the instruction-set flags are x86 only; GGML_NATIVE=OFF is all there is
    why = problems(compiled_features(info))
    if why:
        print(f"not the portable build: {'; '.join(why)}")
        return 1
    print("the portable x86-64-v3 build: no AVX-512, AMX, AVX-VNNI or BMI2 code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
