"""The data folder: checked and created before anything is read from or written to it.

Everyday mistakes (a file where the folder should be, a folder under a file, a
read-only disk) must end in one message that names the folder and says what to
do, never in a traceback from deep inside SQLite or the settings loader.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

from kiosk.errors import ConfigError, KioskError, Message, N_, StorageError

#: The data folder holds personal data: only the kiosk's own user may enter it.
PRIVATE_FOLDER = 0o700


def data_dir_argument(text: str) -> Path:
    """The --data-dir value; an empty one would silently mean the current folder."""
    if not text.strip():
        raise ConfigError(Message(N_("--data-dir is empty; give the path of the kiosk's data folder.")),
                          code="empty_data_dir")
    return Path(text)


def _not_a_folder(path: Path) -> ConfigError:
    return ConfigError(Message(
        N_("The data folder {path} is a file, not a folder; move the file away or choose "
           "another folder with --data-dir."), {"path": str(path)}), code="data_dir_is_file")


def _blocking_file(path: Path) -> Path | None:
    """The first part of `path` that exists and is not a folder, if any."""
    for parent in reversed([path, *path.parents]):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def _cannot_create(path: Path, error: OSError) -> KioskError:
    blocking = _blocking_file(path)
    if blocking is not None and blocking != path:
        return ConfigError(Message(
            N_("The data folder {path} cannot be created: {file} is a file; choose another "
               "folder with --data-dir."), {"path": str(path), "file": str(blocking)}),
            code="data_dir_under_file")
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(Message(
            N_("The data folder {path} cannot be created: the disk is full. Free some space "
               "and try again."), {"path": str(path)}), code="full")
    return StorageError(Message(
        N_("The data folder {path} cannot be created: {reason}. Check the permissions of the "
           "folder above it, or choose another with --data-dir."),
        {"path": str(path), "reason": error.strerror or str(error)}), code="data_dir_not_created")


def check_existing(path: Path) -> bool:
    """Whether the data folder exists; raises when something else stands in its place."""
    if path.is_dir():
        return True
    if path.exists() or _blocking_file(path) is not None:
        blocking = _blocking_file(path)
        if blocking == path:
            raise _not_a_folder(path)
        raise _cannot_create(path, OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)))
    return False


def prepare(path: Path) -> Path:
    """Make sure the data folder exists (created private) and can be written to."""
    if not check_existing(path):
        try:
            path.mkdir(parents=True, mode=PRIVATE_FOLDER)
            os.chmod(path, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
        except FileExistsError:
            check_existing(path)
        except OSError as exc:
            raise _cannot_create(path, exc) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise StorageError(Message(
            N_("The data folder {path} is read-only; the kiosk must be able to write there. "
               "Check its permissions and the disk it is on."), {"path": str(path)}),
            code="readonly")
    return path
