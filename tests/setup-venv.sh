# shellcheck shell=bash
# Sourced by tests/run.sh and demo/run.sh: setup_venv builds the virtualenv $VENV (default: .venv at the
# repository root) from tests/requirements.txt, and reinstalls only when that file changes.
# Needs only Python 3.11 (or python3) and the package index. Safe under `set -e`: every failure is reported
# with the step that failed and the installer's own last lines, and returns non-zero.

SETUP_VENV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-${WEBEX_TEST_VENV:-$SETUP_VENV_ROOT/.venv}}

# setup_venv_fail STEP LOG: the sentence and the installer's error lines, on stderr.
setup_venv_fail() {
  echo "setting up the virtualenv $VENV failed at: $1" >&2
  if [ -s "$2" ]; then
    echo "its last lines:" >&2
    tail -n 25 "$2" >&2
  fi
  rm -f "$2"
  return 1
}

setup_venv() {
  local requirements=$SETUP_VENV_ROOT/tests/requirements.txt
  local python log want have=
  python=$(command -v python3.11 || command -v python3) || {
    echo "setting up the virtualenv failed: neither python3.11 nor python3 is on PATH" >&2
    return 1
  }
  log=$(mktemp)
  if [ ! -x "$VENV/bin/python" ]; then
    "$python" -m venv "$VENV" >"$log" 2>&1 || { setup_venv_fail "$python -m venv $VENV" "$log"; return 1; }
  fi
  want=$(sha256sum "$requirements" | cut -c1-64)
  if [ -f "$VENV/.requirements.sha256" ]; then have=$(<"$VENV/.requirements.sha256"); fi
  if [ "$want" != "$have" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" >"$log" 2>&1 \
      || { setup_venv_fail "pip install -r tests/requirements.txt" "$log"; return 1; }
    echo "$want" > "$VENV/.requirements.sha256"
  fi
  rm -f "$log"
}
