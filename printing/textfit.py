"""Fitting a text into a box: shrink to a minimum size, then wrap to more lines, then shorten.

Whatever the name, the result fits the box it was given, so no text leaves the badge.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from printing.fonts import Shaped, shape

#: Distance between baselines, in font sizes.
LEADING = 1.1
ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    lines: tuple[Shaped, ...]
    size: float

    @property
    def leading(self) -> float:
        return self.size * LEADING


def block_height(lines: tuple[Shaped, ...], size: float) -> float:
    """Height of lines set at `size`: the first ascent, the leadings, the last descent."""
    if not lines:
        return 0.0
    return size * (lines[0].unit_ascent + (len(lines) - 1) * LEADING + lines[-1].unit_descent)


def _largest(lines: tuple[Shaped, ...], width: float, height: float, max_size: float) -> float:
    widest = max(line.unit_width for line in lines)
    by_width = width / widest if widest > 0 else max_size
    by_height = height / block_height(lines, 1.0)
    return min(max_size, by_width, by_height)


def _break_points(text: str) -> list[int]:
    """Where a line may break: after spaces and hyphens, else between characters of a word."""
    at_words = [i + 1 for i, ch in enumerate(text[:-1]) if ch in " -‐"]
    if at_words:
        return at_words
    return [i for i in range(1, len(text))
            if not unicodedata.category(text[i]).startswith("M")]


def _two_lines(text: str, bold: bool) -> tuple[Shaped, ...] | None:
    """The break that makes the wider of the two lines narrowest."""
    best: tuple[Shaped, ...] | None = None
    for point in _break_points(text):
        first, second = text[:point].strip(), text[point:].strip()
        if not first or not second:
            continue
        lines = (shape(first, bold), shape(second, bold))
        if best is None or max(l.unit_width for l in lines) < max(l.unit_width for l in best):
            best = lines
    return best


def _shorten(text: str, bold: bool, width: float, size: float) -> Shaped:
    """The longest start of the text that fits with an ellipsis."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if shape(text[:middle].rstrip() + ELLIPSIS, bold).width(size) <= width:
            low = middle
        else:
            high = middle - 1
    return shape(text[:low].rstrip() + ELLIPSIS, bold)


def _fill_then_shorten(text: str, bold: bool, width: float, size: float) -> tuple[Shaped, ...]:
    """At the smallest size: as much as fits on the first line, the rest shortened on the second."""
    fitting = [p for p in _break_points(text) if shape(text[:p].strip(), bold).width(size) <= width]
    if not fitting:
        return (_shorten(text, bold, width, size),)
    point = fitting[-1]
    rest = text[point:].strip()
    first = shape(text[:point].strip(), bold)
    second = shape(rest, bold)
    if second.width(size) > width:
        second = _shorten(rest, bold, width, size)
    return (first, second)


def fit(text: str, width: float, height: float, max_size: float, min_size: float,
        max_lines: int = 1, bold: bool = False) -> Fitted:
    """Lay out one text in a box of `width` × `height` points."""
    one = (shape(text, bold),)
    size = _largest(one, width, height, max_size)
    if size >= min_size:
        return Fitted(one, size)
    if max_lines >= 2:
        two = _two_lines(text, bold)
        if two is not None:
            size = _largest(two, width, height, max_size)
            if size >= min_size:
                return Fitted(two, size)
        lines = _fill_then_shorten(text, bold, width, min_size)
    else:
        lines = (_shorten(text, bold, width, min_size),)
    return Fitted(lines, min(min_size, _largest(lines, width, height, min_size)))
