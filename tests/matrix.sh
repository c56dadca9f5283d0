#!/usr/bin/env bash
# Compatibility matrix: the unit and integration tests on the oldest and the newest ansible-core the collection
# supports (meta/runtime.yml), each on its own Python in its own virtualenv under .venv-matrix/.
# Usage: bash tests/matrix.sh [PYTEST ARGS...]   Exits non-zero if any row fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
# ansible-core, Python, and the resolvelib that ansible-core version accepts.
ROWS=(
  "2.16.19 3.11 resolvelib==1.0.1"
  "2.21.5 3.12 resolvelib==1.2.1"
)
RESULTS=()
FAILED=0

find_python() {  # find_python 3.12: that Python from PATH or from pyenv (a pyenv shim on PATH may not run)
  local candidate
  for candidate in "$(command -v "python$1")" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/"python$1"; do
    [ -x "$candidate" ] && "$candidate" -c 'import sys' 2>/dev/null && { echo "$candidate"; return; }
  done
  return 1
}

setup_row_venv() {  # setup_row_venv VENV PYTHON CORE RESOLVELIB
  local venv=$1 python=$2 core=$3 resolvelib=$4
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || return 1
  local want
  want=$(cat tests/matrix-requirements.txt <(echo "ansible-core==$core $resolvelib") | sha256sum | cut -c1-64)
  [ "$want" = "$(cat "$venv/.requirements.sha256" 2>/dev/null)" ] && return
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/matrix-requirements.txt \
    "ansible-core==$core" "$resolvelib" || return 1
  echo "$want" > "$venv/.requirements.sha256"
}

for row in "${ROWS[@]}"; do
  read -r core py resolvelib <<<"$row"
  name="ansible-core $core on Python $py"
  printf '\n=== %s\n' "$name"
  started=$SECONDS
  venv=$ROOT/.venv-matrix/ansible-core-$core-py$py
  if ! python=$(find_python "$py"); then
    RESULTS+=("$name: no python$py on this machine"); FAILED=1; continue
  fi
  if ! setup_row_venv "$venv" "$python" "$core" "$resolvelib"; then
    RESULTS+=("$name: could not install its virtualenv"); FAILED=1; continue
  fi
  log=$(mktemp)
  # The row's ansible-playbook and ansible-doc come first on PATH; the tests start them from this venv.
  PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -c tests/pytest.ini -p no:cacheprovider \
    tests/unit tests/integration "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  summary=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -n 1 | sed -E 's/^=+ (.*) =+$/\1/')
  rm -f "$log"
  if [ "$rc" -eq 0 ]; then status=ok; else status=FAILED; FAILED=1; fi
  RESULTS+=("$name: $status, ${summary:-no pytest summary} ($((SECONDS - started)) s)")
done

printf '\n=== matrix\n'
printf '%s\n' "${RESULTS[@]}"
exit "$FAILED"
