"""Drawing badges into a PDF: each layout element gets its placeholder's value, fitted to its box.

A field that is missing, too long or unprintable never stops a badge: it is
drawn as a neutral mark (or shortened, or cleaned) and logged by field name,
never by value, since the value is personal data.
"""
from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, toColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.i18n import Translator
from printing import fonts, qr
from printing.badge import NEUTRAL_COLOUR, BadgeContent
from printing.formats import BadgeFormat
from printing.layouts import BandElement, Element, Layout, QrElement, TextElement
from printing.placeholders import PLACEHOLDERS
from printing.textfit import ELLIPSIS, Fitted, block_height, fit

log = logging.getLogger(__name__)

#: Drawn instead of a required field that cannot be printed.
MISSING = "—"
_GREY = HexColor("#757575")
_CUT = HexColor("#BDBDBD")
#: Format characters that names need (joiners, direction marks); all other control,
#: format, private-use, surrogate and unassigned characters draw as boxes or nothing.
_KEEP_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}
_DROP = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@dataclass(frozen=True)
class Placed:
    """An element with its value laid out; boxes are in points from the badge's bottom-left."""

    element: Element
    value: str
    missing: bool
    x: float
    y: float
    width: float
    height: float
    text: Fitted | None = None


def clean(key: str, value: object, limit: int) -> str:
    """The printable part of a value: NFC, single spaces, no invisible characters, not too long."""
    if not isinstance(value, str):
        if value is not None:
            log.warning("badge field %s is not text; left out", key)
        return ""
    text = unicodedata.normalize("NFC", value)
    kept = "".join(ch for ch in text
                   if unicodedata.category(ch) not in _DROP or ch in _KEEP_FORMAT)
    if len(kept) != len(text):
        log.warning("badge field %s had unprintable characters; they were left out", key)
    kept = " ".join(kept.split())
    if len(kept) > limit:
        log.warning("badge field %s is longer than %d characters; shortened", key, limit)
        kept = kept[:limit - 1].rstrip() + ELLIPSIS
    return kept


def value_of(key: str, content: BadgeContent, translate: Translator) -> tuple[str, bool]:
    """The cleaned value of a placeholder, and whether it is missing (drawn as a neutral mark)."""
    placeholder = PLACEHOLDERS[key]
    try:
        raw: object = placeholder.evaluate(content, translate)
    except Exception:  # noqa: BLE001 - a broken field must not cost the badge
        log.exception("badge field %s could not be evaluated", key)
        raw = None
    value = clean(key, raw, placeholder.max_length)
    if not value and placeholder.required:
        log.warning("badge field %s is missing; drawn as a placeholder", key)
        return MISSING, True
    return value, False


def place(layout: Layout, content: BadgeContent, translate: Translator) -> list[Placed]:
    """Every element of the layout with its value fitted to its box."""
    placed = []
    for element in layout.elements:
        value, missing = value_of(element.placeholder, content, translate)
        if not value:
            continue
        if isinstance(element, QrElement):
            x, top, w, h = element.x, element.y, element.size, element.size
            fitted = None
        else:
            x, top, w, h = element.x, element.y, element.width, element.height
            inner = element.padding if isinstance(element, BandElement) else 0.0
            fitted = fit(value, (w - 2 * inner) * mm, h * mm, element.max_size, element.min_size,
                         element.lines if isinstance(element, TextElement) else 1,
                         bold=isinstance(element, BandElement) or element.bold)
        placed.append(Placed(element, value, missing, x * mm, (layout.height - top - h) * mm,
                             w * mm, h * mm, fitted))
    return placed


def _draw_lines(canvas: Canvas, fitted: Fitted, x: float, width: float, top: float,
                centre: bool) -> None:
    baseline = top - fitted.size * fitted.lines[0].unit_ascent
    for line in fitted.lines:
        start = x + (width - line.width(fitted.size)) / 2 if centre else x
        text = canvas.beginText(start, baseline)
        for run in line.runs:
            text.setFont(run.font, fitted.size)
            text.textOut(run.text)
        canvas.drawText(text)
        baseline -= fitted.leading


def _ink_on(colour: str) -> str:
    """Black or white, whichever reads better on the band (WCAG relative luminance)."""
    rgb = toColor(colour).rgb()
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#FFFFFF"


def _band_colour(content: BadgeContent) -> str:
    try:
        toColor(content.band_colour)
    except (ValueError, TypeError, AttributeError):
        log.warning("badge band colour is not a colour; drawn neutral")
        return NEUTRAL_COLOUR
    return content.band_colour


def _draw_qr(canvas: Canvas, item: Placed) -> None:
    if item.missing:
        canvas.setStrokeColor(_GREY)
        canvas.rect(item.x, item.y, item.width, item.height, stroke=1, fill=0)
        return
    code = qr.encode(item.value)
    module = qr.module_mm(code, item.width / mm) * mm
    side = module * code.modules
    left = item.x + (item.width - side) / 2
    top = item.y + (item.height + side) / 2
    path = canvas.beginPath()
    for row, column, length in code.runs:
        path.rect(left + column * module, top - (row + 1) * module, length * module, module)
    canvas.setFillColor("#000000")
    canvas.drawPath(path, stroke=0, fill=1)


def draw_badge(canvas: Canvas, layout: Layout, content: BadgeContent,
               translate: Translator) -> None:
    """Draw one badge with its bottom-left corner at the canvas origin."""
    for item in place(layout, content, translate):
        element = item.element
        if isinstance(element, QrElement):
            _draw_qr(canvas, item)
            continue
        assert item.text is not None
        if isinstance(element, BandElement):
            colour = _band_colour(content)
            canvas.setFillColor(colour)
            canvas.rect(item.x, item.y, item.width, item.height, stroke=0, fill=1)
            canvas.setFillColor(_ink_on(colour))
            block = block_height(item.text.lines, item.text.size)
            _draw_lines(canvas, item.text, item.x + element.padding * mm,
                        item.width - 2 * element.padding * mm,
                        item.y + (item.height + block) / 2, centre=element.align == "centre")
            continue
        canvas.setFillColor(_GREY if item.missing else "#000000")
        _draw_lines(canvas, item.text, item.x, item.width, item.y + item.height,
                    centre=element.align == "centre")


def render_pdf(contents: Sequence[BadgeContent], badge_format: BadgeFormat,
               translate: Translator) -> bytes:
    """One PDF with every badge: a page each on labels, `per_page` to a page on sheets."""
    fonts.register_fonts()
    layout = badge_format.layout
    buffer = io.BytesIO()
    # invariant: no creation date or random id, so the same badge gives the same bytes.
    canvas = Canvas(buffer, pagesize=(badge_format.page_width * mm, badge_format.page_height * mm),
                    invariant=1, pageCompression=1)
    canvas.setTitle("Badge")
    page_height = badge_format.page_height * mm
    for index, content in enumerate(contents):
        slot = index % badge_format.per_page
        if index and slot == 0:
            canvas.showPage()
        left, top = badge_format.origin(slot)
        canvas.saveState()
        canvas.translate(left * mm, page_height - (top + layout.height) * mm)
        if badge_format.cut_lines:
            canvas.setStrokeColor(_CUT)
            canvas.setLineWidth(0.25)
            canvas.rect(0, 0, layout.width * mm, layout.height * mm, stroke=1, fill=0)
        draw_badge(canvas, layout, content, translate)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
