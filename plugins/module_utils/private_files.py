# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: files that hold secrets, written atomically and readable by their owner only."""

from __future__ import annotations

import os
import stat
import tempfile
from typing import Optional

PRIVATE_MODE = 0o600


def read_private_file(path: str) -> Optional[str]:
    """The text of a file, or None when it does not exist; other OSErrors (permissions, a directory) propagate."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def is_private(path: str) -> bool:
    """Whether no one but the owner may read or write the file."""
    return stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def write_private_file(path: str, text: str) -> None:
    """Replace the file's content in one step; the file is mode 0600 from its first byte to its last."""
    directory = os.path.dirname(os.path.abspath(path))
    # mkstemp creates the file with mode 0600, so the secret is never readable by others, not even briefly.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".%s." % os.path.basename(path), suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, PRIVATE_MODE)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def describe_os_error(error: OSError) -> str:
    """The reason of an OSError without its path (callers name the path themselves)."""
    return error.strerror or type(error).__name__
