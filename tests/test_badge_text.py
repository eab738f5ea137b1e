"""Names on badges: every Nordic, Sámi, Greek and Cyrillic letter in the bundled font, other
scripts from the system's fonts or transliterated, and no name ever leaves its box."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk.i18n import Translator
from kiosk.names import PersonName
from printing import fonts
from printing.badge import person_badge
from printing.formats import FORMATS
from printing.layouts import LAYOUTS, TextElement
from printing.render import place, render_pdf
from printing.textfit import ELLIPSIS, block_height, fit

EN = Translator("en")
NORDIC = "ÆØÅæøåÄÖäöÉéÞþÐðÁáÍíÓóÚúÝý"
SAMI = "ÁáČčĐđŊŋŠšŦŧŽžÂâÄäÕõÖöÆæØøÅåǦǧǨǩƷʒǮǯÏïŃńĆćŹźŽžÊêŋ"
GREEK = "".join(chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2) + "άέήίόύώΆΈΉΊΌΎΏϊϋΐΰ"
CYRILLIC = "".join(chr(c) for c in range(0x400, 0x460))


def badge(first: str, last: str = "", company: str = "") -> object:
    return replace(person_badge(PersonName("x"), company, "visitor", date(2026, 11, 25), "VTOKEN"),
                   goes_by=first, full_name=last)


def pdf_fonts(pdf: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont /([\w+-]+)", pdf)}


@pytest.mark.parametrize("letters", [NORDIC, SAMI, GREEK, CYRILLIC],
                         ids=["nordic", "sami", "greek", "cyrillic"])
@pytest.mark.parametrize("bold", [False, True])
def test_the_bundled_font_has_every_letter(letters: str, bold: bool) -> None:
    shaped = fonts.shape(letters, bold=bold)
    assert [run.font for run in shaped.runs] == [fonts.BOLD if bold else fonts.REGULAR]
    assert shaped.runs[0].text == letters


def test_the_bundled_fonts_are_embedded_as_subsets() -> None:
    pdf = render_pdf([badge("Åse", "Ŋuolja")], FORMATS["cr80"], EN)
    embedded = {name for name in pdf_fonts(pdf) if "+" in name}
    assert embedded, "TrueType subsets carry a six-letter prefix"
    assert all(name.split("+")[1].startswith("DejaVuSans") for name in embedded)
    assert b"/FontFile2" in pdf
    assert len(pdf) < 120_000, "a subset, not the whole 700 kB font"


def test_a_chinese_name_is_drawn_with_a_system_font_that_has_it() -> None:
    shaped = fonts.shape("李小龍", bold=True)
    assert len(shaped.runs) == 1 and shaped.runs[0].font.startswith("BadgeFallback")
    assert shaped.runs[0].text == "李小龍"
    pdf = render_pdf([badge("李小龍", company="北京公司")], FORMATS["brother-dk11202"], EN)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "李小龍" in text and "北京公司" in text


#: Installed by .ci/setup (fonts-wqy-microhei, fonts-noto-core): a kiosk without them prints
#: Chinese, Japanese and Korean names transliterated, so their absence must fail here.
CI_FONTS = ("wqy-microhei.ttc", "NotoSans-Regular.ttf")


def test_one_fallback_font_draws_a_whole_cjk_name() -> None:
    shaped = fonts.shape("山田 太郎 김민준", bold=False)
    drawn = [run for run in shaped.runs if run.text.strip()]
    assert "".join(run.text for run in drawn) == "山田太郎김민준", "drawn, not transliterated"
    cjk_fonts = {run.font for run in drawn}
    assert len(cjk_fonts) == 1, shaped.runs
    [font] = cjk_fonts
    assert font.startswith("BadgeFallback"), "a system font, since the bundled one has no CJK"


def test_only_truetype_outlines_are_used() -> None:
    found = fonts.system_fonts()
    names = {Path(path).name for (path, _), _ranges in found}
    assert set(CI_FONTS) <= names, "fontconfig must find the fonts .ci/setup installs"
    for (path, _), _ranges in found:
        assert path.endswith((".ttf", ".ttc"))


def test_a_character_no_font_has_is_transliterated_not_boxed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A kiosk without CJK fonts: the name must still read, in Latin letters.
    monkeypatch.setattr(fonts, "_candidates", lambda codepoint: ())
    shaped = fonts.shape("李小龍 Nygård")
    assert [run.font for run in shaped.runs] == [fonts.REGULAR]
    assert shaped.runs[0].text == "LiXiaoLong Nygård"


def test_arabic_is_joined_and_put_in_visual_order() -> None:
    shaped = fonts.shape("محمد")
    drawn = "".join(run.text for run in shaped.runs)
    # Presentation forms (joined letters), last letter first when read left to right.
    assert drawn == "\ufee3\ufea4\ufee4\ufeaa"[::-1]
    assert [run.font for run in shaped.runs] == [fonts.REGULAR]


def test_hebrew_is_put_in_visual_order() -> None:
    assert "".join(r.text for r in fonts.shape("שלום").runs) == "םולש"


def test_a_short_name_gets_the_largest_size() -> None:
    fitted = fit("Ola", 62 * 72 / 25.4, 16 * 72 / 25.4, 34, 16, 2, bold=True)
    assert fitted.size == 34 and len(fitted.lines) == 1


def test_a_long_name_shrinks_then_wraps_then_shortens() -> None:
    width, height = 200.0, 60.0
    one = fit("Kristine Nygårdsen", width, height, 30, 14, 2, bold=True)
    assert 14 <= one.size < 30 and len(one.lines) == 1
    two = fit("Kristine Marie Nygårdsen-Østerås", width, height, 30, 14, 2, bold=True)
    assert len(two.lines) == 2 and two.size >= 14
    three = fit("Kristine Marie Elisabeth Nygårdsen-Østerås von Hohenzollern-Sigmaringen",
                width, height, 30, 14, 2, bold=True)
    assert len(three.lines) == 2 and three.size == 14
    assert "".join(r.text for r in three.lines[1].runs).endswith(ELLIPSIS)
    for fitted in (one, two, three):
        assert max(line.width(fitted.size) for line in fitted.lines) <= width + 1e-6
        assert block_height(fitted.lines, fitted.size) <= height + 1e-6


def test_a_name_without_spaces_breaks_inside_the_word() -> None:
    fitted = fit("Wolfeschlegelsteinhausenbergerdorff", 200, 60, 30, 14, 2, bold=True)
    assert len(fitted.lines) == 2
    assert "".join("".join(r.text for r in l.runs) for l in fitted.lines) == \
        "Wolfeschlegelsteinhausenbergerdorff"


def test_the_measure_is_reportlabs() -> None:
    shaped = fonts.shape("Åse Nygård", bold=True)
    assert shaped.width(20) == pytest.approx(stringWidth("Åse Nygård", fonts.BOLD, 20))


def _inside_their_boxes(first: str, last: str, company: str) -> None:
    for layout in LAYOUTS.values():
        for item in place(layout, badge(first, last, company), EN):
            if item.text is None or not isinstance(item.element, TextElement):
                continue
            widest = max((line.width(item.text.size) for line in item.text.lines), default=0)
            assert widest <= item.width + 1e-6, (layout.id, item.element.placeholder)
            assert block_height(item.text.lines, item.text.size) <= item.height + 1e-6
            assert len(item.text.lines) <= item.element.lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.text(max_size=90), last=st.text(max_size=120), company=st.text(max_size=90))
def test_any_name_renders_and_stays_inside_its_boxes(first: str, last: str, company: str) -> None:
    _inside_their_boxes(first, last, company)
    pdf = render_pdf([badge(first, last, company)], FORMATS["cr80"], EN)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


names = st.text(alphabet=st.sampled_from(NORDIC + SAMI + GREEK + CYRILLIC + " -'李山田محمد"),
                min_size=1, max_size=80)


@settings(max_examples=100, deadline=None)
@given(first=names, last=names)
def test_real_letters_in_any_number_stay_inside_their_boxes(first: str, last: str) -> None:
    _inside_their_boxes(first, last, last)
