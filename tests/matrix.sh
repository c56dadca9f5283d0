#!/usr/bin/env bash
# Compatibility matrix: every ansible-core release the collection supports (meta/runtime.yml) other than the one
# tests/requirements.txt pins (2.19, which tests/run.sh tests in full in .venv), each on a Python that release
# supports as a controller, in its own virtualenv under .venv-matrix/. The oldest and the newest run the unit and
# integration tests in full; the releases between run the integration tests of every module and role.
# The demo test is left out everywhere: the demo builds its own virtualenv from tests/requirements.txt. So is the
# ansible-runner test: it tests AWX's engine, which tests/requirements.txt pins, not the ansible-core release.
# Usage: bash tests/matrix.sh [PYTEST ARGS...]     every row; exits non-zero if any row fails
#        bash tests/matrix.sh --newest-venv         set up the newest row only and print its virtualenv
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
# ansible-core, Python, the resolvelib that ansible-core release accepts, and what the row runs.
ROWS=(
  "2.16.19 3.11 resolvelib==1.0.1 full"
  "2.17.14 3.11 resolvelib==1.0.1 integration"
  "2.18.19 3.11 resolvelib==1.0.1 integration"
  "2.20.10 3.12 resolvelib==1.2.1 integration"
  "2.21.5 3.12 resolvelib==1.2.1 full"
)
# Tests that do not depend on the ansible-core release, or that one full row is enough for.
NOT_PER_RELEASE=(--ignore=tests/integration/test_demo.py --ignore=tests/integration/test_awx_runner.py)
INTEGRATION_ONLY=(--ignore=tests/integration/test_chaos.py)
# pytest-xdist workers per row: the rows run one after another, each on every core.
WORKERS=${MATRIX_WORKERS:-2}
RESULTS=()
FAILED=0

find_python() {  # find_python 3.12: that Python from PATH or from pyenv (a pyenv shim on PATH may not run)
  local candidate
  for candidate in "$(command -v "python$1")" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/"python$1"; do
    [ -x "$candidate" ] && "$candidate" -c 'import sys' 2>/dev/null && { echo "$candidate"; return; }
  done
  return 1
}

row_venv() {  # row_venv CORE PY: the row's virtualenv folder
  echo "$ROOT/.venv-matrix/ansible-core-$1-py$2"
}

setup_row_venv() {  # setup_row_venv VENV PYTHON CORE RESOLVELIB: installs only when the pins changed
  local venv=$1 python=$2 core=$3 resolvelib=$4 log want
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || return 1
  want=$(cat tests/matrix-requirements.txt <(echo "ansible-core==$core $resolvelib") | sha256sum | cut -c1-64)
  [ -f "$venv/.requirements.sha256" ] && [ "$want" = "$(<"$venv/.requirements.sha256")" ] && return 0
  log=$(mktemp)
  if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/matrix-requirements.txt \
      "ansible-core==$core" "$resolvelib" >"$log" 2>&1; then
    echo "pip install for ansible-core $core failed; its last lines:"; tail -n 25 "$log"; rm -f "$log"; return 1
  fi
  rm -f "$log"
  echo "$want" > "$venv/.requirements.sha256"
}

if [ "${1:-}" = "--newest-venv" ]; then
  read -r core py resolvelib _ <<<"${ROWS[-1]}"
  python=$(find_python "$py") || { echo "no python$py on this machine" >&2; exit 1; }
  setup_row_venv "$(row_venv "$core" "$py")" "$python" "$core" "$resolvelib" >&2 || exit 1
  row_venv "$core" "$py"
  exit 0
fi

for row in "${ROWS[@]}"; do
  read -r core py resolvelib scope <<<"$row"
  name="ansible-core $core on Python $py ($scope)"
  printf '\n=== %s\n' "$name"
  started=$SECONDS
  venv=$(row_venv "$core" "$py")
  if ! python=$(find_python "$py"); then
    RESULTS+=("$name: no python$py on this machine"); FAILED=1; continue
  fi
  if ! setup_row_venv "$venv" "$python" "$core" "$resolvelib"; then
    RESULTS+=("$name: could not install its virtualenv"); FAILED=1; continue
  fi
  if [ "$scope" = full ]; then
    tests=(tests/unit tests/integration)
  else
    tests=(tests/integration "${INTEGRATION_ONLY[@]}")
  fi
  log=$(mktemp)
  # The row's ansible-playbook and ansible-doc come first on PATH; the tests start them from this venv.
  PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -c tests/pytest.ini -p no:cacheprovider -n "$WORKERS" \
    "${tests[@]}" "${NOT_PER_RELEASE[@]}" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  summary=$(grep -E '^=+ .*(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -n 1 | sed -E 's/^=+ (.*) =+$/\1/')
  rm -f "$log"
  if [ "$rc" -eq 0 ]; then status=ok; else status=FAILED; FAILED=1; fi
  RESULTS+=("$name: $status, ${summary:-no pytest summary} ($((SECONDS - started)) s)")
done

printf '\n=== matrix\n'
printf '%s\n' "${RESULTS[@]}"
exit "$FAILED"
