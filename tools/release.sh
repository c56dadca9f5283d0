#!/usr/bin/env bash
# Build the collection tarball and prove it works as a user gets it: no local folders inside, installed with
# ansible-galaxy into a clean virtualenv (requirements.txt + ansible-core only), every module's docs read back,
# and one module run from the installed copy against the Webex API emulator.
#   bash tools/release.sh                  check a build of the working tree (the tarball lands in dist/)
#   bash tools/release.sh --version X.Y.Z  first turn changelogs/fragments/ into release X.Y.Z of
#                                          changelogs/changelog.yaml and CHANGELOG.rst (galaxy.yml must say X.Y.Z)
# Run `bash tests/run.sh` first: it builds .venv, which holds antsibull-changelog and the emulator's libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=
while [ $# -gt 0 ]; do
  case $1 in
    --version) VERSION=${2:?--version needs X.Y.Z}; shift 2 ;;
    *) echo "usage: bash tools/release.sh [--version X.Y.Z]" >&2; exit 2 ;;
  esac
done
WORK=$(mktemp -d)
EMULATOR_PID=
cleanup() {
  [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n=== %s\n' "$*"; }
fail() { echo "release: $*" >&2; exit 1; }

galaxy_version=$(sed -n 's/^version: *//p' galaxy.yml)
if [ -n "$VERSION" ]; then
  step "changelog for $VERSION"
  [ "$VERSION" = "$galaxy_version" ] || fail "galaxy.yml says version $galaxy_version; set it to $VERSION first"
  [ -z "$(git status --porcelain)" ] || fail "the working tree has uncommitted changes; a release is built from a commit"
  [ -x .venv/bin/antsibull-changelog ] || fail "no .venv/bin/antsibull-changelog: run bash tests/run.sh first"
  # antsibull-changelog lists the release's new modules with ansible-doc: the .venv one.
  PATH="$ROOT/.venv/bin:$PATH" antsibull-changelog lint
  PATH="$ROOT/.venv/bin:$PATH" antsibull-changelog release --version "$VERSION"
  echo "CHANGELOG.rst and changelogs/ now hold $VERSION (fragments consumed): commit them, then tag $VERSION"
elif [ -n "$(git status --porcelain)" ]; then
  echo "note: the working tree has uncommitted changes; they are in this build"
fi

step "clean virtualenv: requirements.txt and ansible-core"
python=$(command -v python3.11 || command -v python3)
core=$(grep -i '^ansible-core==' tests/requirements.txt)
"$python" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt "$core"
"$WORK/venv/bin/python" -m pip list --format=freeze --disable-pip-version-check | grep -iE '^(ansible-core|requests|pydantic)=='

step "galaxy build"
mkdir -p dist
tarball=dist/webexops-identity-$galaxy_version.tar.gz
rm -f "$tarball"
"$WORK/venv/bin/ansible-galaxy" collection build --output-path dist .
unwanted=$(tar -tzf "$tarball" | grep -E '(^|/)(\.venv[^/]*|\.ansible|\.git|\.ci|dist|docs/build|tests/output|context|__pycache__|\.pytest_cache)(/|$)|\.tar\.gz$' || true)
[ -z "$unwanted" ] || fail "the tarball holds local files: $(echo "$unwanted" | head -5 | tr '\n' ' ')"
echo "$tarball: $(tar -tzf "$tarball" | wc -l) entries, $(du -k "$tarball" | cut -f1) KiB, no local folders"

step "install the tarball"
export ANSIBLE_COLLECTIONS_PATH=$WORK/collections
"$WORK/venv/bin/ansible-galaxy" collection install -p "$WORK/collections" "$tarball"
installed=$WORK/collections/ansible_collections/webexops/identity
for module_file in "$installed"/plugins/modules/*.py; do
  module=$(basename "$module_file" .py)
  "$WORK/venv/bin/ansible-doc" "webexops.identity.$module" >/dev/null || fail "ansible-doc failed for $module"
  echo "ansible-doc webexops.identity.$module: ok"
done

step "run a module from the installed copy against the emulator"
[ -f tests/emulator/__main__.py ] || fail "tests/emulator is missing: cannot run a module"
[ -x .venv/bin/python ] || fail "no .venv: run bash tests/run.sh first (the emulator needs its libraries)"
exec {emulator_out}< <(exec .venv/bin/python tests/emulator --port 0 --seed-data tests/emulator/seeds/default.yml)
EMULATOR_PID=$!
read -r -t 20 -u "$emulator_out" api_url || fail "the emulator did not start"
# A read-only token: the run below must not need to write.
token=$(.venv/bin/python -c 'import sys; sys.path.insert(0, "tests"); from emulator.harness import READONLY_TOKEN; print(READONLY_TOKEN)')
ad_hoc=("$WORK/venv/bin/ansible" localhost -i "localhost," -c local -e "ansible_python_interpreter=$WORK/venv/bin/python")
if [ -f "$installed/plugins/modules/webex_person_info.py" ]; then
  WEBEX_API_URL=$api_url WEBEX_ACCESS_TOKEN=$token "${ad_hoc[@]}" -m webexops.identity.webex_person_info -a "email=admin@example.com"
else
  echo "webex_person_info is not in this build: checking webex_person in check mode instead"
  WEBEX_API_URL=$api_url WEBEX_ACCESS_TOKEN=$token "${ad_hoc[@]}" --check -m webexops.identity.webex_person -a "email=admin@example.com"
fi

step "release check passed: $tarball"
