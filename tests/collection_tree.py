"""Make `ansible_collections.webexops.identity` resolve to this checkout, for pytest and ansible-playbook."""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def collections_root() -> Path:
    """A folder holding ansible_collections/webexops/identity as a link to this checkout (one per checkout)."""
    digest = hashlib.sha1(str(REPO_ROOT).encode()).hexdigest()[:10]
    root = Path(tempfile.gettempdir()) / ("webexops-identity-%s" % digest)
    link = root / "ansible_collections" / "webexops" / "identity"
    if not link.is_symlink() or link.resolve() != REPO_ROOT:
        link.parent.mkdir(parents=True, exist_ok=True)
        tmp_link = link.with_name("identity.%d" % os.getpid())
        tmp_link.symlink_to(REPO_ROOT, target_is_directory=True)
        os.replace(tmp_link, link)  # atomic, so parallel test workers never see a half-made link
    return root


def make_collection_importable() -> Path:
    root = collections_root()
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root
