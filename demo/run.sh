#!/usr/bin/env bash
# The offline demo: sets up its virtualenv, starts the Webex API emulator with the demo org, shows the plan of
# demo/users.yml (check mode, diff, and as the Markdown plan file), applies it, applies it again (changed=0),
# offboards one person, and stops.
# Needs only Python 3.11 and the package index. Runs from any directory; leaves nothing running.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=tests/setup-venv.sh
source tests/setup-venv.sh

WORK=$(mktemp -d)
EMULATOR_PID=
stop_emulator() {
  if [ -n "$EMULATOR_PID" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  EMULATOR_PID=
  rm -rf "$WORK"
}
trap stop_emulator EXIT
trap 'exit 130' INT TERM

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
heading() { printf '\n%s### %s%s\n' "$BOLD" "$*" "$PLAIN"; }
STARTED=$SECONDS

heading "Virtualenv $VENV (the first run installs the pinned packages)"
setup_venv
PYTHON=$VENV/bin/python

heading "Emulator: the demo org (tests/emulator/seeds/demo.yml)"
"$PYTHON" tests/emulator --port 0 --seed-data tests/emulator/seeds/demo.yml >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMULATOR_PID=$!
API_URL=
for _ in $(seq 200); do
  API_URL=$(head -n 1 "$WORK/emulator.out")
  [ -n "$API_URL" ] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$API_URL" ]; then echo "the emulator did not start:"; cat "$WORK/emulator.err"; exit 1; fi
echo "Webex API emulator at $API_URL"

show_seats() {  # licence consumption, read from the emulator's control endpoint
  "$PYTHON" - "${API_URL%/v1}/_emulator/state" <<'PY'
import sys, requests
for lic in requests.get(sys.argv[1], timeout=10).json()["licenses"]:
    print("  %-30s %2d of %2d seats used" % (lic["name"], lic["consumedUnits"], lic["totalUnits"]))
PY
}

# The collection is this checkout, as webexops.identity. Tokens are the emulator's own; a real one is never needed.
mkdir -p "$WORK/collections/ansible_collections/webexops"
ln -s "$ROOT" "$WORK/collections/ansible_collections/webexops/identity"
while IFS= read -r name; do unset "$name"; done < <(env | grep -oE '^(WEBEX|ANSIBLE)_[A-Z_]+' || true)
export WEBEX_API_URL=$API_URL
WEBEX_ACCESS_TOKEN=$("$PYTHON" -c 'import sys; sys.path.insert(0, "tests"); from emulator.harness import ADMIN_TOKEN; print(ADMIN_TOKEN)')
WEBEX_GUEST_ISSUER_TOKEN=$("$PYTHON" -c 'import sys; sys.path.insert(0, "tests"); from emulator.harness import GUEST_ISSUER_TOKEN; print(GUEST_ISSUER_TOKEN)')
export WEBEX_ACCESS_TOKEN WEBEX_GUEST_ISSUER_TOKEN
export ANSIBLE_COLLECTIONS_PATH=$WORK/collections
export ANSIBLE_HOME=$WORK/ansible-home
export ANSIBLE_LOCAL_TEMP=$WORK/ansible-tmp
export ANSIBLE_PYTHON_INTERPRETER=$PYTHON
export ANSIBLE_DISPLAY_SKIPPED_HOSTS=false
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_RETRY_FILES_ENABLED=false

# Ansible's own output, less the tasks that only read or check ("ok" with nothing to show) and the includes.
compact() {
  awk '
    /^TASK \[/ { held = $0; next }
    held != "" && /^$/ { next }
    held != "" && (/^ok: \[localhost\]$/ || /^included: /) { held = ""; next }
    held != "" { print held; held = ""; blank = 0 }
    /^ok: \[localhost\]$/ || /^included: / { next }
    /^$/ { if (!blank) print; blank = 1; next }
    { print; blank = 0 }
  '
}

playbook() {
  "$VENV/bin/ansible-playbook" -i localhost, "$@" -e users_file="$ROOT/demo/users.yml" \
    -e onboarding_guest_token_dir="$WORK/guest-tokens" | compact
}

echo "Seats before:"
show_seats

heading "1. The plan: ansible-playbook playbooks/sync.yml --check --diff -e plan_markdown=plan.md  (nothing is changed)"
playbook playbooks/sync.yml --check --diff -e plan_markdown="$WORK/plan.md"
echo "plan.md, the plan as a pull-request comment (docs/plan-file.md; -e plan_file=plan.json writes it as JSON):"
sed 's/^/    /' "$WORK/plan.md"

heading "2. Apply it: ansible-playbook playbooks/sync.yml"
playbook playbooks/sync.yml

heading "3. Apply it again: nothing to do (changed=0)"
playbook playbooks/sync.yml

heading "4. Marco leaves today: ansible-playbook playbooks/offboard.yml -e leaving=marco.rossi@demo.example.com"
playbook playbooks/offboard.yml -e leaving=marco.rossi@demo.example.com
echo "(In real use, move him from people to leaving in the users file, or the next sync gives his licenses back.)"

echo
echo "Seats after:"
show_seats
echo "Guest token files (mode 0600, holding the token and its expiry):"
(cd "$WORK/guest-tokens" && stat -c '  %A  %n' -- *)

stop_emulator
heading "Done in $((SECONDS - STARTED)) s; the emulator is stopped."
