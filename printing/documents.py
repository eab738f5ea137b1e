"""A4 documents for admins: the evacuation list, a person's access export, the record of processing.

Plain pages of headings and rows, drawn with the badge fonts and their fallbacks
so that every script a visitor writes comes out readable, and rendered in memory:
the document goes to the printer or to an atomically written file, never to a
temporary file.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.errors import N_
from kiosk.config import KioskConfig
from kiosk.i18n import Translator
from kiosk.names import PersonName
from kiosk.on_site import OnSiteVisit, evacuation_groups
from kiosk.processing_record import HEADINGS, record
from printing.fonts import shape

MARGIN = 18 * mm
TITLE_PT, HEADING_PT, BODY_PT = 16, 12, 9
LINE = 1.35
TABLE_TITLES = {"people": N_("Your details"), "visits": N_("Your visits"),
                "consent_events": N_("Your marketing choices"), "print_log": N_("Badges printed")}


@dataclass(frozen=True)
class Section:
    """A heading and its rows; `widths` are the columns' shares of the page width (equal if empty)."""

    heading: str
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] = ()


class _Page:
    def __init__(self, canvas: Canvas, footer: str) -> None:
        self.canvas = canvas
        self.footer = footer
        self.number = 1
        self.y = A4[1] - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN + 10:
            self.finish()
            self.canvas.showPage()
            self.number += 1
            self.y = A4[1] - MARGIN

    def finish(self) -> None:
        self.text(f"{self.footer} · {self.number}", MARGIN, MARGIN - 4, 7, A4[0] - 2 * MARGIN)

    def text(self, value: str, x: float, y: float, size: float, width: float,
             bold: bool = False) -> None:
        shaped = shape(_fit(value, size, width, bold), bold=bold)
        out = self.canvas.beginText(x, y)
        for run in shaped.runs:
            out.setFont(run.font, size)
            out.textOut(run.text)
        self.canvas.drawText(out)


def _fit(value: str, size: float, width: float, bold: bool) -> str:
    """Shorten a line with an ellipsis when it would run into the next column."""
    text = " ".join(str(value).split())
    while text and shape(text, bold=bold).width(size) > width:
        text = text[:-2] + "…" if len(text) > 2 else ""
    return text


def _wrap(value: str, size: float, width: float) -> list[str]:
    """Break a cell into lines at spaces so that each fits its column (a long word is shortened)."""
    lines: list[str] = []
    for word in str(value).split():
        if lines and shape(f"{lines[-1]} {word}").width(size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def render_document(title: str, subtitle: str, sections: Sequence[Section], footer: str) -> bytes:
    """The document as PDF bytes, on A4 pages that number themselves."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    page = _Page(canvas, footer)
    usable = A4[0] - 2 * MARGIN
    page.text(title, MARGIN, page.y - TITLE_PT, TITLE_PT, usable, bold=True)
    page.y -= TITLE_PT * LINE + 2
    page.text(subtitle, MARGIN, page.y - BODY_PT, BODY_PT, usable)
    page.y -= BODY_PT * LINE + 8
    for section in sections:
        page.need(HEADING_PT * LINE * 2)
        page.text(section.heading, MARGIN, page.y - HEADING_PT, HEADING_PT, usable, bold=True)
        page.y -= HEADING_PT * LINE + 2
        for row in section.rows:
            shares = list(section.widths) or [1 / max(1, len(row))] * len(row)
            cells = [_wrap(cell, BODY_PT, share * usable - 4) for cell, share in zip(row, shares)]
            page.need(BODY_PT * LINE * max(len(c) for c in cells))
            x = MARGIN
            for lines, share in zip(cells, shares):
                for n, line in enumerate(lines):
                    page.text(line, x, page.y - BODY_PT - n * BODY_PT * LINE, BODY_PT,
                              share * usable - 4)
                x += share * usable
            page.y -= BODY_PT * LINE * max(len(c) for c in cells)
        page.y -= 6
    page.finish()
    canvas.save()
    return out.getvalue()


def access_pdf(document: dict[str, Any], translate: Translator) -> bytes:
    """A person's access export, readable: one section per kind of record."""
    by_table: dict[str, list[dict[str, Any]]] = {}
    for item in document["items"]:
        by_table.setdefault(item["table"], []).append(item)
    sections = [Section(translate(TABLE_TITLES.get(table, table)),
                        [[translate("Field"), translate("Value"), translate("Category"),
                          translate("Purpose"), translate("Legal basis"), translate("Kept")]]
                        + [[i["column"], str(i["value"]), i["category"], i["purpose"],
                            i["basis"].replace("_", " "), i["retention"].replace("_", " ")]
                           for i in items],
                        (0.14, 0.22, 0.11, 0.27, 0.14, 0.12))
                for table, items in by_table.items()]
    return render_document(
        translate("Everything stored about you"),
        translate("Generated {when}; {records} records found by {how}.",
                  when=document["generated_at"], records=document["records"],
                  how=document["found_by"]),
        sections, translate("Access export"))


def processing_pdf(config: KioskConfig, translate: Translator) -> bytes:
    """The record of processing as a printable document, one section per category and purpose."""
    sections = [Section(f"{p.category}: {p.purpose}",
                        [[translate(heading), value] for heading, value in zip(
                            HEADINGS[2:], (p.notice_purpose, p.basis, p.fields, p.retention,
                                           p.recipients, p.safeguards))], (0.22, 0.78))
                for p in record(config, translate)]
    return render_document(translate("Record of processing"), config.company_name, sections,
                           translate("Record of processing"))


def evacuation_pdf(visits: Sequence[OnSiteVisit], site_name: str, when: str,
                   translate: Translator) -> bytes:
    """Who is on site, visitors by host and attendees by event with counts, for the fire
    warden's roll call."""
    sections = [Section(f"{title} ({len(group)})",
                        [[PersonName(v.given_name, v.family_name, v.family_first).full, v.company,
                          v.signed_in_at.strftime("%H:%M"), v.plate, "☐"] for v in group],
                        (0.36, 0.28, 0.1, 0.18, 0.08))
                for title, group in evacuation_groups(list(visits), translate)]
    return render_document(
        translate("Evacuation list: {count} people on site", count=len(visits)),
        f"{site_name} · {when}", sections, translate("Evacuation list"))
