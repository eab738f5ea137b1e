"""Badges through Debian's real label drivers, with the options each format carries: the
label says what stock it is, nothing is cut, and the badge prints at its true size."""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageFilter

from kiosk.i18n import Translator
from kiosk.names import PersonName
from printing import qr
from printing.badge import person_badge
from printing.cups import Cups
from printing.formats import FORMATS, BadgeFormat
from printing.layouts import BandElement, QrElement
from printing.render import render_pdf
from tests.cups_fixtures import CupsPdf
from tests.label_rasters import (BROTHER_QL_570, DYMO_LABELWRITER_450, LabelJob, brother_ql,
                                 cups_raster, cupsfilter, ppd)

TOKEN = "VDRIVER7Q"
INK = 128
#: How far (in dots) a printed edge may sit from where the badge draws it: a quarter mm.
SLACK = 3
DIE_CUT, CONTINUOUS = 0x0B, 0x0A


@dataclass(frozen=True)
class Driver:
    model: tuple[str, str]
    mime: str

    def print(self, pdf: Path, options: tuple[tuple[str, str], ...], folder: Path) -> LabelJob:
        out = cupsfilter(ppd(self.model, folder), pdf, options, self.mime)
        return brother_ql(out) if self.model == BROTHER_QL_570 else cups_raster(out)


DRIVERS = {"brother-dk11202": Driver(BROTHER_QL_570, "printer/foo"),
           "dymo-99014": Driver(DYMO_LABELWRITER_450, "application/vnd.cups-raster")}


def badge_pdf(fmt: BadgeFormat, folder: Path) -> Path:
    """A badge whose every line starts with a letter that loses its shape when cut."""
    content = person_badge(PersonName("Åse", "Ødegård"), "Guest Fjord AS", "visitor", date(2026, 11, 25), TOKEN,
                           host_name="Ingrid Bakken")
    path = folder / f"{fmt.id}.pdf"
    path.write_bytes(render_pdf([content], fmt, Translator("en")))
    return path


def drawn(pdf: Path, dpi: int, folder: Path) -> Image.Image:
    """The badge as its PDF draws it, at the driver's resolution."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(pdf),
                    str(folder / "drawn")], check=True, capture_output=True, timeout=60)
    return Image.open(folder / "drawn.png").convert("L")


def window(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """`box` of the image, blank where it lies beyond the image (beyond the label)."""
    out = Image.new("L", (box[2] - box[0], box[3] - box[1]), 255)
    out.paste(image.crop((max(box[0], 0), max(box[1], 0), min(box[2], image.width),
                          min(box[3], image.height))), (max(-box[0], 0), max(-box[1], 0)))
    return out


def inked(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v < INK else 0)


def ink_box(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The bounding box of the ink inside `box`, in the image's coordinates."""
    found = inked(window(image, box)).getbbox()
    assert found, f"no ink in {box}"
    return found[0] + box[0], found[1] + box[1], found[2] + box[0], found[3] + box[1]


def qr_box(image: Image.Image) -> tuple[int, int, int, int]:
    """Where the QR code's modules are, after checking that it reads as the badge's token."""
    [code] = zxingcpp.read_barcodes(image)
    assert code.text == TOKEN
    xs = [p.x for p in (code.position.top_left, code.position.bottom_right,
                        code.position.top_right, code.position.bottom_left)]
    ys = [p.y for p in (code.position.top_left, code.position.bottom_right,
                        code.position.top_right, code.position.bottom_left)]
    pad = 8
    return ink_box(image, (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))


def below_band(fmt: BadgeFormat, dpi: int) -> tuple[int, int, int, int]:
    """The part of the badge under its band, where every element keeps a margin."""
    band = next(e for e in fmt.layout.elements if isinstance(e, BandElement))
    to_dots = dpi / 25.4
    return (0, round((band.y + band.height + 1) * to_dots),
            round(fmt.page_width * to_dots), round(fmt.page_height * to_dots))


def check_nothing_is_cut(fmt: BadgeFormat, job: LabelJob, reference: Image.Image) -> None:
    printed, drawn_qr = job.image, qr_box(reference)
    dx = qr_box(printed)[0] - drawn_qr[0]
    dy = qr_box(printed)[1] - drawn_qr[1]
    region = below_band(fmt, job.dpi)
    expected = ink_box(reference, region)
    shifted = (region[0] + dx, region[1] + dy, region[2] + dx, region[3] + dy)
    on_label = ink_box(printed, shifted)
    # The first letters of the text lines, the QR code's far side and the last line are all
    # where the badge draws them: none of them lost a sliver to the label's edge.
    assert all(abs(a - (b + d)) <= SLACK
               for a, b, d in zip(on_label, expected, (dx, dy, dx, dy))), (on_label, expected)
    width, height = printed.size
    ink_at = ink_box(printed, (0, shifted[1], width, height))
    assert ink_at[0] > SLACK and ink_at[2] < width - SLACK and ink_at[3] < height - SLACK, \
        "ink runs into the edge of the printable area where the badge has a margin"
    # Most of what the badge draws is on the label (a cut letter loses its ink).
    mask = inked(window(reference, region))
    seen = inked(window(printed, shifted)).filter(ImageFilter.MaxFilter(2 * SLACK + 1))
    drawn_dots = mask.histogram()[255]
    missing = Image.composite(Image.new("L", mask.size, 0), mask, seen).histogram()[255]
    assert missing < 0.01 * drawn_dots, f"{missing} of {drawn_dots} drawn dots did not print"


def check_true_size(fmt: BadgeFormat, job: LabelJob) -> None:
    """The QR code measures what the layout gives it, in the driver's dots."""
    element = next(e for e in fmt.layout.elements if isinstance(e, QrElement))
    code = qr.encode(TOKEN)
    side_mm = code.modules * qr.module_mm(code, element.size)
    expected = side_mm * job.dpi / 25.4
    left, top, right, bottom = qr_box(job.image)
    assert abs((right - left) - expected) <= 2 and abs((bottom - top) - expected) <= 2, \
        (right - left, bottom - top, expected)


@pytest.mark.parametrize("format_id", sorted(DRIVERS))
def test_each_label_prints_whole_and_at_true_size(format_id: str, tmp_path: Path) -> None:
    fmt = FORMATS[format_id]
    pdf = badge_pdf(fmt, tmp_path)
    job = DRIVERS[format_id].print(pdf, fmt.print_options, tmp_path)
    job.image.save(tmp_path / f"{format_id}-printed.png")
    check_true_size(fmt, job)
    check_nothing_is_cut(fmt, job, drawn(pdf, job.dpi, tmp_path))


def test_the_brother_job_says_die_cut_62_by_100(tmp_path: Path) -> None:
    fmt = FORMATS["brother-dk11202"]
    pdf = badge_pdf(fmt, tmp_path)
    assert DRIVERS[fmt.id].print(pdf, fmt.print_options, tmp_path).media == (DIE_CUT, 62, 100)
    without = DRIVERS[fmt.id].print(pdf, (), tmp_path)
    assert without.media[0] == CONTINUOUS, "the queue's default would report a media error"


def test_the_dymo_cuts_the_first_letters_without_its_orientation(tmp_path: Path) -> None:
    # The check above can fail: this is what the issue saw ("Guest", "Åse" lose a letter).
    fmt = FORMATS["dymo-99014"]
    pdf = badge_pdf(fmt, tmp_path)
    media_only = tuple(option for option in fmt.print_options if option[0] == "media")
    job = DRIVERS[fmt.id].print(pdf, media_only, tmp_path)
    # Without the option the page lies the other way round on the label; turn it to read.
    turned = LabelJob(job.image.rotate(180), job.dpi)
    first_letters = ink_box(turned.image, (0, 0, turned.image.width, turned.image.height))[0]
    assert first_letters <= 1, "the text lines start at the very edge of the print head"
    with pytest.raises(AssertionError):
        check_nothing_is_cut(fmt, turned, drawn(pdf, job.dpi, tmp_path))


@pytest.mark.parametrize("format_id", sorted(DRIVERS))
def test_fit_to_page_would_shrink_the_badge(format_id: str, tmp_path: Path) -> None:
    fmt = FORMATS[format_id]
    pdf = badge_pdf(fmt, tmp_path)
    job = DRIVERS[format_id].print(pdf, (*fmt.print_options, ("fit-to-page", "true")), tmp_path)
    with pytest.raises(AssertionError):
        check_true_size(fmt, job)


def test_no_format_scales_its_badge() -> None:
    for fmt in FORMATS.values():
        names = {name for name, _ in fmt.print_options}
        assert not names & {"fit-to-page", "print-scaling", "scaling"}, fmt.id


@pytest.mark.parametrize("format_id, expected", [
    ("brother-dk11202", {"media": "62x100mm"}),
    ("dymo-99014", {"media": "w154h286.1", "orientation-requested": "reverse-portrait"}),
])
def test_the_job_carries_the_formats_options(cups: CupsPdf, tmp_path: Path, format_id: str,
                                             expected: dict[str, str]) -> None:
    fmt = FORMATS[format_id]
    pdf = badge_pdf(fmt, tmp_path).read_bytes()
    printing = Cups()
    job = printing.submit(cups.held, pdf, "kiosk-badge-options", fmt.print_options)
    try:
        assert job.job_id is not None, job.reason
        attributes = printing.job_state(job.job_id)
        assert {name: attributes.get(name) for name in expected} == expected
        assert "fit-to-page" not in attributes
    finally:
        printing.cancel(job.job_id or 0)
