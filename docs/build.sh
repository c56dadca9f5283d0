#!/usr/bin/env bash
# Build the collection's HTML docs site into docs/build/ with antsibull-docs and Sphinx, the way docs.ansible.com
# renders collections. Uses its own virtualenv (.venv-docs, from docs/requirements.txt).
# Open docs/build/site/build/html/index.html afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${WEBEX_DOCS_VENV:-$ROOT/.venv-docs}
OUT=$ROOT/docs/build
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python=$(command -v python3.11 || command -v python3)
[ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
want=$(sha256sum docs/requirements.txt | cut -c1-64)
if [ "$want" != "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r docs/requirements.txt
  echo "$want" > "$VENV/.requirements.sha256"
fi
export PATH="$VENV/bin:$PATH"

# antsibull-docs finds collections through ansible's collection path: give it a copy of the files git knows.
COPY=$WORK/ansible_collections/webexops/identity
mkdir -p "$COPY"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$COPY"
export ANSIBLE_COLLECTIONS_PATH=$WORK

rm -rf "$OUT/site"
mkdir -p "$OUT/site"
antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$OUT/site" \
  --project webexops.identity --copyright "webexops.identity maintainers" \
  --title "webexops.identity" --html-short-title "webexops.identity" \
  webexops.identity >/dev/null

# Links into docs.ansible.com and docs.python.org need those sites' inventories. Without network, build without
# them, and report the links they would resolve as warnings rather than errors.
if ! python -c 'import urllib.request; urllib.request.urlopen("https://docs.ansible.com/projects/ansible/devel/objects.inv", timeout=5)' 2>/dev/null; then
  echo "docs.ansible.com is not reachable: links to Ansible's own docs stay unresolved (warnings, not errors)"
  printf '\n# No network: no inventories of other sites.\nintersphinx_mapping = {}\n' >> "$OUT/site/conf.py"
  sed -i 's/ -W / /' "$OUT/site/build.sh"
fi

bash "$OUT/site/build.sh"
echo "docs site: $OUT/site/build/html/index.html"
