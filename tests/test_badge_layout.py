"""Badge layouts and content: every format fits its page, only printable fields reach a badge,
and a bad field is drawn as a neutral mark instead of stopping the badge."""
from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import replace
from datetime import date, datetime, timezone

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kiosk.config import KioskConfig, Printing
from kiosk.i18n import Translator
from kiosk.names import PersonName
from kiosk.registry import printable_on_badge
from kiosk.service import KioskService
from kiosk.visits import Visit
from printing.badge import BadgeContent, person_badge, visit_badge
from printing.formats import FORMATS, badge_format
from printing.layouts import LAYOUTS, BandElement, QrElement, TextElement
from printing.placeholders import PLACEHOLDERS
from printing.render import MISSING, place, render_pdf
from printing.textfit import block_height
from printing.fonts import shape
from tests.fixtures.visitors import registration

TOKEN = "VABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
EN = Translator("en")


def content(**changes: object) -> BadgeContent:
    base = person_badge(PersonName("Åse", "Nygård"), "Fjord Bygg AS", "visitor", date(2026, 11, 25), TOKEN,
                        host_name="Ingrid Bakken")
    return replace(base, **changes)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def visit(**changes: object) -> Visit:
    base = Visit("v1", PersonName("Åse Kristine", "Nygård"), "Fjord Bygg AS", "Ingrid Bakken", "contractor", TOKEN,
                 7, "nb", datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc), None)
    return replace(base, **changes)


def box(element: TextElement | BandElement | QrElement) -> tuple[float, float, float, float]:
    if isinstance(element, QrElement):
        return element.x, element.y, element.x + element.size, element.y + element.size
    return element.x, element.y, element.x + element.width, element.y + element.height


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda l: l.id)
def test_every_element_lies_inside_its_badge(layout) -> None:
    for element in layout.elements:
        left, top, right, bottom = box(element)
        assert 0 <= left < right <= layout.width + 1e-9, element
        assert 0 <= top < bottom <= layout.height + 1e-9, element


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda l: l.id)
def test_no_two_elements_overlap(layout) -> None:
    boxes = [box(e) for e in layout.elements]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda l: l.id)
def test_every_text_box_holds_its_smallest_size_on_all_its_lines(layout) -> None:
    line = shape("Åg", bold=True)
    for element in layout.elements:
        if isinstance(element, (TextElement, BandElement)):
            lines = element.lines if isinstance(element, TextElement) else 1
            assert block_height((line,) * lines, element.min_size) <= element.height * mm, element
            assert element.min_size >= 6.5, "smaller text does not read on a thermal label"


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda l: l.id)
def test_every_layout_has_the_minimal_content(layout) -> None:
    used = {e.placeholder for e in layout.elements}
    assert used == {"band", "goes_by", "full_name", "company", "context", "date", "token"}
    assert all(e.placeholder in PLACEHOLDERS for e in layout.elements)


def test_the_shipped_formats_and_their_sizes() -> None:
    sizes = {f.id: (f.layout.width, f.layout.height, f.per_page) for f in FORMATS.values()}
    assert sizes == {"brother-dk11202": (100, 62, 1), "roll-62": (100, 62, 1),
                     "cr80": (85.6, 54, 1), "dymo-99014": (101, 54, 1), "a6": (105, 148, 1),
                     "a4-8": (95, 69, 8)}
    assert KioskConfig().printing.badge_format == "brother-dk11202" in FORMATS


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_the_pdf_page_has_the_format_size(fmt) -> None:
    page = PdfReader(io.BytesIO(render_pdf([content()], fmt, EN))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(fmt.page_width * mm, abs=0.01)
    assert float(page.mediabox.height) == pytest.approx(fmt.page_height * mm, abs=0.01)


def test_sheet_badges_stay_on_the_page() -> None:
    fmt = FORMATS["a4-8"]
    corners = [fmt.origin(slot) for slot in range(fmt.per_page)]
    assert len(set(corners)) == 8
    for left, top in corners:
        assert left >= 5 and top >= 5, "office printers cannot print the outer 5 mm"
        assert left + fmt.layout.width <= fmt.page_width - 5
        assert top + fmt.layout.height <= fmt.page_height - 5


def test_a_sheet_takes_eight_badges_a_page() -> None:
    people = [content(goes_by=f"Person{i}", token=f"V{i:032d}") for i in range(17)]
    pdf = render_pdf(people, FORMATS["a4-8"], EN)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    assert all(f"Person{i}" in reader.pages[i // 8].extract_text() for i in range(17))


def test_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(Exception) as caught:
        badge_format("letter")
    assert caught.value.code == "unknown_format"
    assert "brother-dk11202" in str(caught.value)


def test_a_visitor_badge_shows_the_minimal_content_in_the_visitors_language() -> None:
    pdf = render_pdf([visit_badge(visit(), KioskConfig())], FORMATS["brother-dk11202"],
                     Translator("nb"))
    text = pdf_text(pdf)
    for expected in ("Åse", "Kristine Nygård", "Fjord Bygg AS", "Ingrid Bakken",
                     Translator("nb")("Contractor"), "26. nov. 2026"):
        assert expected in text, expected


def test_the_date_is_the_local_date_of_the_site() -> None:
    late = visit(signed_in_at=datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc))
    assert visit_badge(late, KioskConfig()).day == date(2026, 11, 26)


def test_first_name_only_leaves_the_full_name_off() -> None:
    config = KioskConfig(printing=Printing(first_name_only=True))
    text = pdf_text(render_pdf([visit_badge(visit(), config)], FORMATS["cr80"], EN))
    assert "Åse" in text and "Kristine" in text and "Nygård" not in text


def test_an_attendee_badge_names_the_event_instead_of_a_host() -> None:
    badge = person_badge(PersonName("Ola", "Nordmann"), "", "attendee", date(2026, 11, 25), TOKEN,
                         event_name="Nordic Tech Summit")
    text = pdf_text(render_pdf([badge], FORMATS["a6"], EN))
    assert "Nordic Tech Summit" in text and "Attendee" in text and "Host" not in text


def test_every_placeholder_prints_only_fields_the_registry_allows_on_a_badge() -> None:
    for placeholder in PLACEHOLDERS.values():
        for table, column in placeholder.sources:
            assert printable_on_badge(table, column), f"{placeholder.key}: {table}.{column}"


def test_contact_details_and_plates_never_reach_a_badge(service: KioskService) -> None:
    stored = service.register_visit(registration(
        service, given_name="Åse", family_name="Nygård", company="Fjord Bygg AS", email="ase@fjord.no",
        phone="+47 912 34 567", car_reg="EL 12345", visitor_type="contractor"))
    row = service.db.execute("SELECT email, phone FROM people").fetchone()
    assert row == ("ase@fjord.no", "+4791234567")
    from printing.service import BadgePrinting

    text = pdf_text(BadgePrinting.for_service(service).render(stored, EN))
    assert "Åse" in text
    for secret in ("ase@fjord.no", "fjord.no", "912", "4791234567", "EL 12345", "EL12345"):
        assert secret not in text.replace(" ", "") and secret not in text


def test_names_are_nfc_normalised() -> None:
    given, family = (unicodedata.normalize("NFD", part) for part in ("Åse", "Nygård"))
    badge = person_badge(PersonName(given, family), "", "visitor", date(2026, 11, 25), TOKEN)
    assert badge.goes_by == "Åse" and badge.full_name == "Åse Nygård"
    assert "Åse" in pdf_text(render_pdf([badge], FORMATS["cr80"], EN))


def test_the_band_always_carries_its_name_in_text() -> None:
    for fmt in FORMATS.values():
        placed = place(fmt.layout, content(band_label="Contractor"), EN)
        band = next(p for p in placed if isinstance(p.element, BandElement))
        assert band.value == "Contractor" and band.text is not None and band.text.lines


@pytest.mark.parametrize("field, bad", [
    ("goes_by", ""),
    ("goes_by", "\x00\x07\u202e"),
    ("token", ""),
    ("band_label", ""),
])
def test_a_missing_required_field_is_drawn_as_a_neutral_mark_and_logged(
        field: str, bad: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="printing.render"):
        pdf = render_pdf([content(**{field: bad})], FORMATS["brother-dk11202"], EN)
    assert pdf.startswith(b"%PDF")
    assert "missing" in caplog.text
    assert bad == "" or bad not in caplog.text, "the value itself is personal data"
    if field != "token":
        assert MISSING in pdf_text(pdf)


def test_a_too_long_field_is_shortened_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="printing.render"):
        placed = place(LAYOUTS["label-100x62"], content(company="Fjord " * 100), EN)
    company = next(p for p in placed if p.element.placeholder == "company")
    assert len(company.value) <= PLACEHOLDERS["company"].max_length
    assert company.value.endswith("…") and "longer than" in caplog.text


def test_a_field_that_is_not_text_or_a_bad_colour_does_not_stop_the_badge(
        caplog: pytest.LogCaptureFixture) -> None:
    odd = content(company=None, full_name=42, band_colour="not a colour")  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="printing.render"):
        text = pdf_text(render_pdf([odd], FORMATS["a6"], EN))
    assert "Åse" in text and "42" not in text
    assert "not text" in caplog.text and "colour" in caplog.text


def test_text_boxes_of_a_rendered_badge_stay_on_the_page() -> None:
    long = content(goes_by="Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft",
                   full_name="Ó Súilleabháin-Þórðardóttir Ŋuolja Ánde Čuđiid " * 2,
                   company="Ελληνική Εταιρεία Παραγωγής και Εμπορίας Α.Ε. " * 2)
    for fmt in FORMATS.values():
        with pdfplumber.open(io.BytesIO(render_pdf([long], fmt, EN))) as pdf:
            page = pdf.pages[0]
            assert page.chars
            for char in page.chars:
                assert 0 <= char["x0"] and char["x1"] <= page.width + 0.01, (fmt.id, char["text"])
                assert 0 <= char["top"] and char["bottom"] <= page.height + 0.01, fmt.id
