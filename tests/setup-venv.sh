# Sourced by tests/run.sh and demo/run.sh: setup_venv builds the virtualenv $VENV (default: .venv at the
# repository root) from tests/requirements.txt, and reinstalls only when that file changes.
# Needs only Python 3.11 (or python3) and the package index.

SETUP_VENV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-${WEBEX_TEST_VENV:-$SETUP_VENV_ROOT/.venv}}

setup_venv() {
  local python requirements=$SETUP_VENV_ROOT/tests/requirements.txt
  python=$(command -v python3.11 || command -v python3)
  [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV" || return 1
  local want have
  want=$(sha256sum "$requirements" | cut -c1-64)
  have=$(cat "$VENV/.requirements.sha256" 2>/dev/null)
  if [ "$want" != "$have" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements" || return 1
    echo "$want" > "$VENV/.requirements.sha256"
  fi
}
