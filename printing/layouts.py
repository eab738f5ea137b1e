"""Badge layouts as data: elements placed in millimetres from the badge's top-left corner.

Each element names a placeholder (printing.placeholders) instead of drawing a
field itself, so a new layout is a new table, not new drawing code. Sizes are
in points; a text shrinks from `max_size` to `min_size`, then wraps to `lines`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TextElement:
    placeholder: str
    x: float
    y: float
    width: float
    height: float
    max_size: float
    min_size: float
    lines: int = 1
    bold: bool = False
    align: Literal["left", "centre"] = "left"


@dataclass(frozen=True)
class BandElement:
    """A coloured band that always carries its name in text: colour alone tells nothing to
    a colour-blind guard, nor on a monochrome label printer."""

    placeholder: str
    x: float
    y: float
    width: float
    height: float
    max_size: float
    min_size: float
    padding: float = 4.0
    align: Literal["left", "centre"] = "left"


@dataclass(frozen=True)
class QrElement:
    """A square for the QR code; its quiet zone is inside the square, so keep others out."""

    placeholder: str
    x: float
    y: float
    size: float


Element = TextElement | BandElement | QrElement


@dataclass(frozen=True)
class Layout:
    id: str
    width: float
    height: float
    elements: tuple[Element, ...]


def _landscape(id: str, width: float, height: float, *, band: float, text_width: float,
               first: tuple[float, float, float], qr: tuple[float, float, float],
               rows: tuple[tuple[str, float, float, float, float, int], ...]) -> Layout:
    """A label wider than tall: band on top, names on the left, QR code on the right.

    `first` is (height, max size, min size) of the name the person goes by; each row below it is
    (placeholder, height, max size, min size, gap above, lines).
    """
    margin = 4.0 if width < 95 else 5.0
    top = band + 2.5
    elements: list[Element] = [
        BandElement("band", 0, 0, width, band, max_size=band * 1.3, min_size=8),
        TextElement("goes_by", margin, top, text_width, first[0], first[1], first[2],
                    lines=2, bold=True),
        QrElement("token", qr[0], qr[1], qr[2]),
    ]
    y = top + first[0]
    for placeholder, row_height, max_size, min_size, gap, lines in rows:
        y += gap
        elements.append(TextElement(placeholder, margin, y, text_width, row_height, max_size,
                                    min_size, lines=lines))
        y += row_height
    return Layout(id, width, height, tuple(elements))


LAYOUTS: dict[str, Layout] = {layout.id: layout for layout in (
    _landscape("label-100x62", 100, 62, band=12, text_width=62, first=(16, 34, 16),
               qr=(68, 17, 29),
               rows=(("full_name", 8.5, 18, 10, 0.5, 2), ("company", 6, 12, 8, 1, 1),
                     ("context", 5, 10, 7, 1, 1), ("date", 5, 9, 7, 0.5, 1))),
    _landscape("label-101x54", 101, 54, band=10, text_width=64, first=(13, 30, 14),
               qr=(72, 14, 26),
               rows=(("full_name", 7, 16, 8.5, 0.5, 2), ("company", 5.5, 11, 7, 0.5, 1),
                     ("context", 4.5, 9, 6.5, 0.5, 1), ("date", 4.5, 9, 6.5, 0.3, 1))),
    _landscape("card-86x54", 85.6, 54, band=10, text_width=52, first=(13, 28, 13),
               qr=(59.5, 14.5, 23.5),
               rows=(("full_name", 7, 15, 8.5, 0.5, 2), ("company", 5.5, 10, 7, 0.5, 1),
                     ("context", 4.5, 8.5, 6.5, 0.5, 1), ("date", 4.5, 8.5, 6.5, 0.3, 1))),
    _landscape("sheet-95x69", 95, 69, band=12, text_width=58, first=(17, 32, 15),
               qr=(64, 17, 28),
               rows=(("full_name", 8.5, 17, 10, 0.5, 2), ("company", 6, 12, 8, 1.5, 1),
                     ("context", 5, 10, 7, 1.5, 1), ("date", 5, 9, 7, 1, 1))),
    Layout("card-105x148", 105, 148, (
        BandElement("band", 0, 0, 105, 18, max_size=24, min_size=12, padding=8, align="centre"),
        TextElement("goes_by", 8, 25, 89, 25, 50, 22, lines=2, bold=True, align="centre"),
        TextElement("full_name", 8, 51, 89, 12.5, 26, 14, lines=2, align="centre"),
        TextElement("company", 8, 65, 89, 8, 16, 10, align="centre"),
        TextElement("context", 8, 75, 89, 6.5, 12, 8, align="centre"),
        TextElement("date", 8, 82.5, 89, 6, 11, 8, align="centre"),
        QrElement("token", 30, 94, 45),
    )),
)}
