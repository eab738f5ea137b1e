"""Files that hold state or output appear whole or not at all.

A full disk or a power cut in the middle of a write must never leave a
truncated settings file or half an export behind: write a temporary file in
the same folder, flush it to the disk, then rename it over the target.
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from kiosk.errors import KioskError, Message, N_, StorageError, ValidationError

#: Files that may hold personal data are readable by the kiosk's own user only.
PRIVATE_FILE = 0o600


def chosen_folder(text: str) -> Path:
    """The folder an admin typed for an export or to read from. An empty path is refused: it
    would mean the program's working folder, which nobody chose and may be anywhere; so is a
    relative one, for the same reason, and a path that is not a folder, named."""
    if not text.strip():
        raise ValidationError({"folder": Message(N_("Choose a folder first."))})
    folder = Path(text.strip()).expanduser()
    if not folder.is_absolute():
        raise ValidationError({"folder": Message(
            N_("{path} is not a full path; give the whole path, such as {example}."),
            {"path": str(folder), "example": str(Path.home())})})
    if not folder.is_dir():
        raise ValidationError({"folder": Message(
            N_("{path} is not a folder on this kiosk; choose one that exists."),
            {"path": str(folder)})})
    return folder


def write_problem(path: Path, error: OSError) -> StorageError:
    """An admin's message for a file that could not be written, naming it and what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        text = N_("The disk is full: {path} was not written. Free some space and try again.")
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = N_("{path} cannot be written: permission denied or a read-only disk.")
    elif error.errno in (errno.ENOENT, errno.ENOTDIR):
        text = N_("{path} cannot be written: its folder does not exist.")
    elif error.errno == errno.EISDIR:
        text = N_("{path} is a folder; give the name of a file.")
    else:
        text = N_("{path} cannot be written: {reason}.")
    return StorageError(Message(text, {"path": str(path), "reason": error.strerror or str(error)}),
                        code="write_failed")


def read_text(path: Path, error: type[KioskError] = KioskError) -> str:
    """The text of a file an admin gives the kiosk (hosts list, notice, settings).

    UTF-8 with or without the BOM Excel and Notepad put first. A file saved in another
    encoding is refused with a message naming it and saying how to save it, because
    guessing would store wrong letters in names and notices without anyone seeing it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(Message(N_("{path} cannot be read: {reason}."),
                            {"path": str(path), "reason": exc.strerror or str(exc)}),
                    code="unreadable") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(Message(N_("{path} is not saved as UTF-8 text. Open it and save it again "
                               "as UTF-8 (in Excel: Save as, \"CSV UTF-8\"; in an editor: "
                               "encoding UTF-8), then try again."),
                            {"path": str(path)}), code="not_utf8") from None


def atomic_write(path: Path, data: bytes, mode: int = PRIVATE_FILE) -> None:
    """Replace `path` with `data` in one step; on any failure the old file (or none) stays."""
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise write_problem(path, exc) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise write_problem(path, exc) from exc


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable: a power cut after it must not bring the old file back."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
