#!/usr/bin/env bash
# The Debian packages the tests need: bubblewrap (the sandbox's namespace tier for
# validate.execute) and chromium + chromium-driver (browser tests of `synthloop review` and
# `synthloop report`), and Debian's python3-venv when `python3 -m venv` cannot work. Installs
# only what is missing; uses sudo when not root.
set -uo pipefail
missing=()
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
python3 -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
[ ${#missing[@]} -eq 0 ] && exit 0
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
"${as_root[@]}" apt-get update -qq && \
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${missing[@]}" \
  || { echo "could not install ${missing[*]}: install them with apt-get as root" >&2; exit 1; }
