"""Turning an export file into rows with their line numbers, whatever tool wrote it.

Real exports come with or without a UTF-8 BOM, in Windows-1252 from Excel or
UTF-16 from its "Unicode text", separated by commas, semicolons or tabs, with
CRLF line ends and quoted fields that hold line breaks. Each row keeps the line
number where it starts, so a rejected row can be found in the file.
"""
from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from kiosk.errors import Message, N_, ValidationError

_DELIMITERS = (",", ";", "\t")
#: A long note field is fine; a "field" of megabytes is a broken quote, not an attendee.
MAX_FIELD = 1 << 20


@dataclass(frozen=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row]
    #: Where reading stopped early, and why; the rows after it were not read.
    broken_at: tuple[int, Message] | None = None


def decode(data: bytes) -> str:
    """The text of a file, trying what exporters write: BOM-marked, UTF-8, then Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").replace("\x00", "")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding).replace("\x00", "")
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1").replace("\x00", "")


def delimiter(text: str) -> str:
    """The separator the header line uses most."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=False)
    rows: list[Row] = []
    headers: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if headers is None:
                if any(c.strip() for c in cells):
                    headers = [c.strip() for c in cells]
            elif any(c.strip() for c in cells):
                rows.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return Table(headers or [], rows, (start, Message(
            N_("The file cannot be read from here on: {reason}."), {"reason": str(exc)})))
    return Table(headers or [], rows)


def _cell(value: object) -> str:
    """A spreadsheet cell as text: whole numbers without '.0', dates in ISO, formulas as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # loads only for spreadsheets

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows: list[Row] = []
        headers: list[str] | None = None
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if headers is None:
                headers = [c.strip() for c in cells]
            else:
                rows.append(Row(number, cells))
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as exc:
        raise ValidationError({"file": Message(
            N_("The file is not a spreadsheet that can be read: {reason}."),
            {"reason": str(exc) or type(exc).__name__})}) from exc
    return Table(headers or [], rows)


def read_table(data: bytes) -> Table:
    """Rows of a CSV or XLSX file (told apart by content, not by the file's name)."""
    csv.field_size_limit(MAX_FIELD)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    return read_csv(data)
