"""QR codes that a cheap scanner reads off a 300 dpi thermal label.

Modules are a whole number of printer dots (so every module prints the same
width), at least 4 dots (0.34 mm), with the 4-module quiet zone the standard
asks for. Error correction M survives a scratch without making the code denser
than the box allows.
"""
from __future__ import annotations

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M

DOTS_PER_MM = 300 / 25.4
QUIET_MODULES = 4
MIN_DOTS = 4


@dataclass(frozen=True)
class QrCode:
    """Dark modules as horizontal runs (row, first column, length); row 0 is the top."""

    modules: int
    runs: tuple[tuple[int, int, int], ...]


def encode(data: str) -> QrCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if cells[column]:
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return QrCode(len(matrix), tuple(runs))


def module_mm(code: QrCode, box_mm: float) -> float:
    """The largest module, in whole 300 dpi dots, that fits the box with its quiet zone."""
    dots = int(box_mm * DOTS_PER_MM // (code.modules + 2 * QUIET_MODULES))
    return max(dots, MIN_DOTS) / DOTS_PER_MM
