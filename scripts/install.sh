#!/usr/bin/env bash
# Usage: bash scripts/install.sh EXTRAS   (local,embed for the README's first command, test for
# the second). Creates .venv and installs synthloop[EXTRAS] with every package pinned by
# constraints.txt. llama-cpp-python is compiled here for x86-64-v3 and nothing newer, or for
# plain x86-64 on a CPU without AVX2 (see scripts/llama_build.py); pip reuses a wheel it built
# earlier for the same version whatever CMAKE_ARGS says, so the installed build is checked and,
# if it is some other build, compiled again without the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:?usage: bash scripts/install.sh EXTRAS (local,embed or test)}"
with_llama=0
[[ ",$extras," =~ ,(local|test), ]] && with_llama=1
# llama.cpp's instruction sets come from this CPU's flags, not -march=native: x86-64-v3 where it
# has AVX2, FMA and F16C, plain x86-64 where it lacks one (scripts/llama_build.py says why).
CMAKE_ARGS="$(python3 scripts/llama_build.py --cmake-args)"
export CMAKE_ARGS
level="$(python3 scripts/llama_build.py --level)" || { echo "$level" >&2; exit 3; }
if [ "$with_llama" = 1 ] && [ "$(uname -m)" = x86_64 ] && [ "$level" != x86-64-v3 ]; then
  echo "llama.cpp: $level; compiling it without SIMD beyond SSE2, so the bundled teacher" \
       "runs here, several times slower than on a CPU with AVX2" >&2
fi

python3 -m venv .venv
.venv/bin/pip install -c constraints.txt -e ".[$extras]"
[ "$with_llama" = 1 ] || exit 0
if ! .venv/bin/python scripts/llama_build.py >/dev/null; then
  echo "llama-cpp-python: pip reused a wheel built for another CPU; compiling the $level build" \
       "(about 7 minutes on 2 cores)"
  .venv/bin/pip install -q -c constraints.txt --no-cache-dir --force-reinstall --no-deps \
    --no-binary llama-cpp-python llama-cpp-python
  .venv/bin/python scripts/llama_build.py >/dev/null \
    || { .venv/bin/python scripts/llama_build.py >&2; exit 1; }
fi
