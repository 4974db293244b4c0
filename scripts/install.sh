#!/usr/bin/env bash
# Usage: bash scripts/install.sh EXTRAS   (local,embed for the README's first command, test for
# the second). Creates .venv and installs synthloop[EXTRAS] with every package pinned by
# constraints.txt. llama-cpp-python is compiled here for x86-64-v3 and nothing newer (see
# scripts/llama_build.py); pip reuses a wheel it built earlier for the same version whatever
# CMAKE_ARGS says, so the installed build is checked and, if it is some other build, compiled
# again without the cache.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:?usage: bash scripts/install.sh EXTRAS (local,embed or test)}"
# ggml's own switches (vendor/llama.cpp/ggml/CMakeLists.txt in llama-cpp-python 0.3.36): no
# -march=native; SSE4.2, AVX, AVX2, FMA, F16C on; BMI2, AVX-VNNI, every AVX-512 and AMX set off.
PORTABLE_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON \
-DGGML_F16C=ON -DGGML_BMI2=OFF -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF \
-DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF \
-DGGML_AMX_BF16=OFF"
export CMAKE_ARGS="$PORTABLE_CMAKE_ARGS"

with_llama=0
[[ ",$extras," =~ ,(local|test), ]] && with_llama=1
if [ "$with_llama" = 1 ] && [ "$(uname -m)" = x86_64 ]; then
  lacking=()
  for flag in avx2 fma f16c; do
    grep -qw "$flag" /proc/cpuinfo || lacking+=("$flag")
  done
  if [ ${#lacking[@]} -gt 0 ]; then
    echo "this CPU lacks ${lacking[*]}: the bundled local teacher (llama.cpp built for x86-64-v3)" \
         "cannot run here; install without it (bash scripts/install.sh embed) and use an" \
         "OpenAI-compatible teacher" >&2
    exit 3
  fi
fi

python3 -m venv .venv
.venv/bin/pip install -c constraints.txt -e ".[$extras]"
[ "$with_llama" = 1 ] || exit 0
if ! .venv/bin/python scripts/llama_build.py >/dev/null; then
  echo "llama-cpp-python: pip reused a wheel built for another CPU; compiling the portable build" \
       "(about 7 minutes on 2 cores)"
  .venv/bin/pip install -q -c constraints.txt --no-cache-dir --force-reinstall --no-deps \
    --no-binary llama-cpp-python llama-cpp-python
  .venv/bin/python scripts/llama_build.py >/dev/null \
    || { .venv/bin/python scripts/llama_build.py >&2; exit 1; }
fi
