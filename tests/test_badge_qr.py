"""The QR code on every badge format scans back to the token from a 300 dpi image."""
from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.i18n import Translator
from kiosk.names import PersonName
from kiosk.visits import new_badge_token
from printing import qr
from printing.badge import person_badge
from printing.formats import FORMATS
from printing.layouts import LAYOUTS, QrElement
from printing.render import render_pdf

EN = Translator("en")


def raster_pages(pdf: bytes, folder: Path, dpi: int = 300) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-", str(folder / "page")],
                   input=pdf, capture_output=True, check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("page*.png"))]


def decoded(images: list[Image.Image]) -> list[str]:
    return [code.text for image in images for code in zxingcpp.read_barcodes(image)
            if code.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.id)
def test_the_qr_code_of_every_format_scans_back_to_the_token(fmt, tmp_path: Path) -> None:
    token = new_badge_token()
    badge = person_badge(PersonName("Åse", "Nygård"), "Fjord Bygg AS", "visitor", date(2026, 11, 25), token,
                         host_name="Ingrid Bakken")
    assert decoded(raster_pages(render_pdf([badge], fmt, EN), tmp_path)) == [token]


def test_every_badge_on_a_sheet_scans(tmp_path: Path) -> None:
    tokens = [new_badge_token() for _ in range(8)]
    badges = [person_badge(PersonName("Person", str(i)), "", "attendee", date(2026, 11, 25), t)
              for i, t in enumerate(tokens)]
    found = decoded(raster_pages(render_pdf(badges, FORMATS["a4-8"], EN), tmp_path))
    assert sorted(found) == sorted(tokens)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=lambda l: l.id)
def test_modules_are_large_enough_for_common_scanners(layout) -> None:
    element = next(e for e in layout.elements if isinstance(e, QrElement))
    code = qr.encode(new_badge_token())
    module = qr.module_mm(code, element.size)
    dots = module * qr.DOTS_PER_MM
    assert dots == pytest.approx(round(dots)), "whole printer dots print evenly"
    assert module >= 0.5, "0.5 mm modules read with phone cameras and cheap scanners"
    assert module * (code.modules + 2 * qr.QUIET_MODULES) <= element.size + 1e-9


def test_the_token_is_encoded_compactly() -> None:
    # 17 characters of upper-case base32 fit version 1 (21 modules) in alphanumeric mode,
    # which gives the largest modules a box allows.
    assert qr.encode(new_badge_token()).modules == 21


def test_the_quiet_zone_is_left_white(tmp_path: Path) -> None:
    fmt = FORMATS["cr80"]
    element = next(e for e in fmt.layout.elements if isinstance(e, QrElement))
    badge = person_badge(PersonName("Åse"), "", "visitor", date(2026, 11, 25), new_badge_token())
    image = raster_pages(render_pdf([badge], fmt, EN), tmp_path)[0]
    px = 300 / 25.4
    code = qr.encode(badge.token)
    side = qr.module_mm(code, element.size) * code.modules
    inset = (element.size - side) / 2
    # A ring one module wide, just outside the code's own square, must be blank.
    left, top = element.x + inset, element.y + inset
    ring = [(left - 0.5, top + k * side / 10) for k in range(11)] + \
        [(left + side + 0.5, top + k * side / 10) for k in range(11)]
    for x, y in ring:
        assert image.getpixel((int(x * px), int(y * px))) > 200, (x, y)


def test_a_missing_token_draws_no_code(tmp_path: Path) -> None:
    badge = replace(person_badge(PersonName("Åse"), "", "visitor", date(2026, 11, 25), "x"), token="")
    assert decoded(raster_pages(render_pdf([badge], FORMATS["cr80"], EN), tmp_path)) == []
