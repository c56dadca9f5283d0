# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webexops.identity contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Internal to this collection: files that hold secrets, written atomically and readable by their owner only.

A secret file is trusted only when it is a regular file (not a symbolic link) that the user running the module
owns and that no one else may read or write; anything else is refused with one sentence saying how to fix it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from contextlib import contextmanager
from typing import Iterator, Optional

from ansible_collections.webexops.identity.plugins.module_utils.transport.errors import InvalidInput

PRIVATE_MODE = 0o600
LOCK_SUFFIX = ".lock"
# O_NOFOLLOW: a symbolic link at the path is refused, not followed. O_NONBLOCK: a FIFO planted there cannot hang the run.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class PrivateFileError(InvalidInput):
    """A secret file that must not be trusted, or cannot be read, locked or written; the message is one sentence."""


def read_private_file(path: str, option: str) -> Optional[str]:
    """The text of a secret file, or None when it does not exist; `option` names it in errors (e.g. "token_file").

    The checks run on the opened file itself, so the file cannot be swapped between the check and the read.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise PrivateFileError(symlink_problem(path, option)) from None
        raise PrivateFileError("%s %s cannot be read (%s); fix its permissions or choose another path."
                               % (option, path, describe_os_error(error))) from None
    problem = trust_problem(os.fstat(descriptor), path, option)
    if problem:
        os.close(descriptor)
        raise PrivateFileError(problem)
    try:
        with os.fdopen(descriptor, "r", encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else "it is not text"
        raise PrivateFileError("%s %s cannot be read (%s); fix its permissions or choose another path."
                               % (option, path, reason)) from None


def trust_problem(status: os.stat_result, path: str, option: str) -> Optional[str]:
    """One sentence when a secret file is not a private regular file of ours, else None."""
    if not stat.S_ISREG(status.st_mode):
        return "%s %s cannot be read (it is not a regular file); remove it or choose another path." % (option, path)
    if status.st_uid != os.geteuid():
        return ("%s %s belongs to another user (uid %d), who could have planted it; remove it or choose a path only you "
                "can write to." % (option, path, status.st_uid))
    mode = stat.S_IMODE(status.st_mode)
    if mode & 0o077:
        return ("%s %s can be read or written by other users (mode %04o), so its token may be known to them; restrict it "
                "with chmod 600 %s, or remove it to start afresh." % (option, path, mode, path))
    return None


def symlink_problem(path: str, option: str) -> str:
    return ("%s %s is a symbolic link, which could point anywhere; remove it and give the real file's path, or let the "
            "module create the file." % (option, path))


def check_private_file_folder(path: str, option: str) -> None:
    """Refuse a secret file whose folder cannot take it, before anything is asked for that could not be kept."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK | os.X_OK):
        raise PrivateFileError("%s %s cannot be written: its folder does not exist or is not writable; "
                               "create it or choose another path." % (option, path))


@contextmanager
def locked_private_file(path: str, option: str) -> Iterator[None]:
    """Hold an exclusive lock on `<path>.lock` (created mode 0600 beside the file) while the body runs.

    The lock file, not the file itself, is locked: the file is replaced by a new one on every write.
    """
    lock_path = path + LOCK_SUFFIX
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), PRIVATE_MODE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise PrivateFileError(symlink_problem(lock_path, option + " lock")) from None
        raise PrivateFileError("%s %s cannot be locked (%s); check that its folder is writable."
                               % (option, path, describe_os_error(error))) from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_private_file(path: str, text: str) -> None:
    """Replace the file's content in one step; the file is mode 0600 from its first byte to its last.

    The folder is synced after the replace, so that a crash cannot bring back the earlier content.
    """
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
    sync_folder(directory)


def sync_folder(directory: str) -> None:
    """Make a rename in the folder durable (the new name survives a crash)."""
    descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def describe_os_error(error: OSError) -> str:
    """The reason of an OSError without its path (callers name the path themselves)."""
    return error.strerror or type(error).__name__
