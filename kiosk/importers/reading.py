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
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from kiosk.errors import Message, N_, ValidationError
from kiosk.importers.mapping import NAME_COLUMNS, guess

_DELIMITERS = (",", ";", "\t")
#: A long note field is fine; a "field" of megabytes is a broken quote, not an attendee.
MAX_FIELD = 1 << 20
#: How much of a file's text is looked at to tell a list from a file of another kind.
_SAMPLE_CHARS = 65_536
#: A cell may hold an address or a note over a few lines; a "row" of hundreds of lines is a
#: quote that was opened and never closed, swallowing the rows after it.
MAX_LINES_IN_ROW = 100
#: How far down a title and group headings may push the real headings.
_HEADING_SEARCH = 10
#: Characters no list holds outside its line ends and tabs: control characters, unassigned
#: or private code points, and what a decoder put in place of bytes it could not read.
_NOT_TEXT = frozenset({"Cc", "Cs", "Co", "Cn"})
#: A real export may carry a few stray control characters in its cells; a picture, a PDF
#: or an old .xls workbook read as text is full of them (about one in four characters).
_MAX_NOT_TEXT_SHARE, _MAX_NOT_TEXT_ANYWAY = 0.02, 8
#: The start of an Excel 97-2003 (.xls) workbook and other OLE2 files.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_A_LIST = Message(N_("This is not a CSV or XLSX file. Export the list again as CSV or XLSX "
                        "(in Excel: Save as, \"CSV UTF-8\" or \"Excel Workbook\")."))


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
    """The text of a file, trying what exporters write: BOM-marked, UTF-16 without its BOM,
    UTF-8, then Windows-1252. A NUL that is not half of a UTF-16 letter stays in the text,
    so that a name holding one is refused rather than stored without it."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    encodings = ("utf-8", "cp1252")
    head = data[:_SAMPLE_CHARS]
    for encoding, high_bytes in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if head.count(0) * 3 > len(head) and high_bytes.count(0) * 4 > len(high_bytes) * 3:
            encodings = (encoding,)  # mostly Latin letters, each with a NUL beside it
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def is_text(text: str) -> bool:
    """Whether decoded bytes read as a list rather than as a file of another kind."""
    sample = text[:_SAMPLE_CHARS]
    odd = sum(1 for c in sample if c not in "\t\n\r" and (
        c == "\ufffd" or unicodedata.category(c) in _NOT_TEXT))
    return odd <= max(_MAX_NOT_TEXT_ANYWAY, len(sample) * _MAX_NOT_TEXT_SHARE)


def delimiter(text: str) -> str:
    """The separator the header line uses most (a title row above it, as Excel saves one,
    has the sheet's width in separators too)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text = decode(data)
    if data.startswith(_OLE2) or not is_text(text):
        raise ValidationError({"file": NOT_A_LIST})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=False)
    found: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if reader.line_num - start >= MAX_LINES_IN_ROW:
                return _table(found, (start, _unclosed_quote(start)))
            if any(c.strip() for c in cells):
                found.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return _table(found, (start, _unclosed_quote(start) if reader.line_num - start >= MAX_LINES_IN_ROW
                              else Message(N_("The file cannot be read from here on: {reason}."),
                                           {"reason": str(exc)})))
    if found and found[-1].line < reader.line_num and _open_at_end(text, found[-1].line):
        return _table(found[:-1], (found[-1].line, _unclosed_quote(found[-1].line)))
    return _table(found)


def _open_at_end(text: str, line: int) -> bool:
    """Whether the last row, which spans lines, runs to the end of the file inside a quote:
    its quote characters do not pair up, as they do around a cell with a line break."""
    return "".join(io.StringIO(text, newline="").readlines()[line - 1:]).count('"') % 2 == 1


def _unclosed_quote(line: int) -> Message:
    return Message(N_("A quote opened on line {line} is never closed, so the rows after it were "
                      "not read. Add the closing quote (\") and import the file again."),
                   {"line": line})


def _table(found: list[Row], broken_at: tuple[int, Message] | None = None) -> Table:
    """Headings and rows. The headings are the first row that names a column of people's
    names; rows above it (a title, a row of merged group headings) are left out. A list whose
    headings the guess does not know keeps its first row as headings, for --map to name."""
    if not found:
        return Table([], [], broken_at)
    at = next((i for i, row in enumerate(found[:_HEADING_SEARCH])
               if NAME_COLUMNS & set(guess(row.cells).values())), 0)
    return Table([c.strip() for c in found[at].cells], found[at + 1:], broken_at)


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
        found: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = [_cell(v) for v in values]
            if any(c.strip() for c in cells):
                found.append(Row(number, cells))
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as exc:
        raise ValidationError({"file": Message(
            N_("The file is not a spreadsheet that can be read: {reason}."),
            {"reason": str(exc) or type(exc).__name__})}) from exc
    return _table(found)


def read_table(data: bytes) -> Table:
    """Rows of a CSV or XLSX file (told apart by content, not by the file's name)."""
    csv.field_size_limit(MAX_FIELD)
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data)
    return read_csv(data)


def attendee_table(data: bytes) -> Table:
    """The rows of an attendee list; a file with no attendees in it is refused, saying why."""
    table = read_table(data)
    if not table.headers:
        raise ValidationError({"file": Message(N_("The file has no header row and no attendees."))})
    if not table.rows and not table.broken_at:
        raise ValidationError({"file": Message(N_(
            "The file has column headings ({headers}) but no attendees under them."),
            {"headers": ", ".join(table.headers)})})
    return table
