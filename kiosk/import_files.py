"""Attendee lists on the kiosk's own disk or a USB stick, and what their columns seem to hold.

The staff screen lists files by touch (no desktop file dialog): the data folder's
`imports/` and the folders where USB sticks are mounted. Looking at a file reads it
once and guesses its columns with the importer's own guess, so the screen shows
exactly what `attendees import` would do, before the supervisor confirms.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import Message, N_, StorageError
from kiosk.importers.mapping import FIELDS, IGNORE, guess
from kiosk.importers.reading import attendee_table

IMPORTS = "imports"
#: Where Debian mounts USB sticks: /media/USER/LABEL (udisks) and /run/media/USER/LABEL.
USB_ROOTS = (Path("/media"), Path("/run/media"))
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
#: What a column can be set to on the mapping screen.
CHOICES = (*FIELDS, IGNORE)


def import_folders(data_dir: Path | None, usb_roots: tuple[Path, ...] = USB_ROOTS) -> list[Path]:
    """The data folder's imports/ (made if missing) and each mounted USB stick."""
    folders: list[Path] = []
    if data_dir is not None:
        folder = data_dir / IMPORTS
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(Message(N_("{path} cannot be made: {reason}."),
                                       {"path": str(folder), "reason": exc.strerror or str(exc)})) from exc
        folders.append(folder)
    for root in usb_roots:
        try:
            folders.extend(sorted(p for user in root.iterdir() if user.is_dir()
                                  for p in user.iterdir() if p.is_dir()))
        except OSError:
            continue  # no stick mounted there
    return folders


def list_files(folders: list[Path]) -> list[Path]:
    """The lists in those folders (not in their subfolders), newest first."""
    found: list[tuple[float, Path]] = []
    for folder in folders:
        try:
            found.extend((p.stat().st_mtime, p) for p in folder.iterdir()
                         if p.is_file() and p.suffix.lower() in SUFFIXES)
        except OSError:
            continue  # a stick pulled out while we looked
    return [p for _, p in sorted(found, key=lambda item: (-item[0], str(item[1])))]


@dataclass(frozen=True)
class Column:
    header: str
    example: str  # the first row's cell, so the supervisor sees what the column holds
    field: str  # the guess, or "ignore"


@dataclass(frozen=True)
class Preview:
    path: Path
    data: bytes
    columns: list[Column]
    rows: int

    def overrides(self, fields: list[str]) -> list[str]:
        """The supervisor's choice for every column, as `--map COLUMN=FIELD` would say it."""
        return [f"{column.header}={field}" for column, field in zip(self.columns, fields)]


def read_list(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageError(Message(N_("{path} cannot be read: {reason}."),
                                   {"path": str(path), "reason": exc.strerror or str(exc)}),
                           code="unreadable") from exc


def preview(path: Path) -> Preview:
    """Read a list once: its columns with the guessed field and an example of each."""
    return preview_of(path, read_list(path))


def preview_of(path: Path, data: bytes) -> Preview:
    table = attendee_table(data)
    guessed = guess(table.headers)
    first = table.rows[0].cells if table.rows else []
    columns = [Column(header, first[i] if i < len(first) else "", guessed.get(i, IGNORE))
               for i, header in enumerate(table.headers)]
    return Preview(path, data, columns, len(table.rows))
