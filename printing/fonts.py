"""Fonts for badges: the bundled DejaVu Sans first, system fonts for other scripts, then ASCII.

A name must never print as empty boxes. Each character is drawn with the
bundled font when it has the glyph, else with a TrueType font that fontconfig
finds on this machine, else as a transliteration (anyascii). Arabic is shaped
and every right-to-left line is put in visual order before it is measured, so
what is measured is what is drawn.

Registering a font and finding fallbacks is slow (a CJK font takes ~0.2 s to
load), so each is done once per process and cached.
"""
from __future__ import annotations

import bisect
import logging
import shutil
import struct
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import arabic_reshaper
from anyascii import anyascii
from arabic_reshaper.ligatures import LIGATURES
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

REGULAR = "BadgeSans"
BOLD = "BadgeSans-Bold"
#: How many fonts that have a character are considered for it; the best come first.
_CANDIDATES = 4
_FC_TIMEOUT_S = 5


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn with one font."""

    text: str
    font: str


@dataclass(frozen=True)
class Shaped:
    """A line ready to draw: its runs in visual order, and its width at 1 pt."""

    runs: tuple[Run, ...]
    unit_width: float
    #: Height above and depth below the baseline at 1 pt, over every font of the line.
    unit_ascent: float
    unit_descent: float

    def width(self, size: float) -> float:
        return self.unit_width * size


def _bundled(name: str) -> str:
    return str(resources.files("printing").joinpath("fonts", name))


@cache
def register_fonts() -> None:
    """Register the bundled fonts with reportlab once; reportlab embeds a subset per PDF."""
    pdfmetrics.registerFont(TTFont(REGULAR, _bundled("DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, _bundled("DejaVuSans-Bold.ttf")))


def _covers(font_name: str) -> dict[int, int]:
    font = pdfmetrics.getFont(font_name)
    covered: dict[int, int] = font.face.charToGlyph  # type: ignore[attr-defined]
    return covered


@cache
def _line_metrics(font_name: str) -> tuple[float, float]:
    """Ascender and descender at 1 pt from the font's hhea table.

    reportlab's own ascent is the typographic one (the height of "H" in DejaVu);
    accented capitals such as "Å" reach higher, and must not touch the band above.
    """
    face = pdfmetrics.getFont(font_name).face  # type: ignore[attr-defined]
    ascender, descender = struct.unpack(">hh", face.get_table("hhea")[4:8])
    units = float(face.unitsPerEm)
    return max(ascender / units, face.ascent / 1000), max(-descender / units, -face.descent / 1000)


def ascent(font_name: str) -> float:
    """Height above the baseline at 1 pt."""
    return _line_metrics(font_name)[0]


def descent(font_name: str) -> float:
    """Depth below the baseline at 1 pt, as a positive number."""
    return _line_metrics(font_name)[1]


def _is_truetype(path: Path) -> bool:
    """reportlab reads TrueType outlines (also in .ttc collections), never CFF ('OTTO')."""
    try:
        with path.open("rb") as stream:
            return stream.read(4) in (b"\x00\x01\x00\x00", b"true", b"ttcf")
    except OSError:
        return False


def _ranges(charset: str) -> tuple[tuple[int, int], ...]:
    """fontconfig's charset text ("20-7e a0 ...") as sorted inclusive ranges."""
    ranges = []
    for part in charset.split():
        first, _, last = part.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    return tuple(sorted(ranges))


def _fontconfig(*args: str) -> list[str]:
    try:
        result = subprocess.run(list(args), capture_output=True, text=True,
                                timeout=_FC_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return result.stdout.splitlines()


#: A font in a file: the path and, for a collection (.ttc), the face's index.
FontFile = tuple[str, int]


@cache
def system_fonts() -> tuple[tuple[FontFile, tuple[tuple[int, int], ...]], ...]:
    """TrueType fonts on this machine with the characters each covers, in fontconfig's
    order of preference for sans-serif text. Asked once: two fontconfig calls, not one per
    character."""
    if shutil.which("fc-list") is None or shutil.which("fc-match") is None:
        return ()
    charsets: dict[FontFile, tuple[tuple[int, int], ...]] = {}
    for line in _fontconfig("fc-list", "--format", "%{file}\t%{index}\t%{charset}\n"):
        path, index, charset = (line.split("\t") + ["", ""])[:3]
        if path.endswith((".ttf", ".ttc")) and index.isdigit() and charset:
            charsets[(path, int(index))] = _ranges(charset)
    order: list[FontFile] = []
    for line in _fontconfig("fc-match", "-s", "--format", "%{file}\t%{index}\n", "sans-serif"):
        path, _, index = line.partition("\t")
        if index.isdigit():
            order.append((path, int(index)))
    ranked = [font for font in dict.fromkeys(order) if font in charsets]
    ranked += sorted(charsets.keys() - set(ranked))
    return tuple((font, charsets[font]) for font in ranked)


def _in(ranges: tuple[tuple[int, int], ...], codepoint: int) -> bool:
    index = bisect.bisect_right(ranges, (codepoint, sys.maxunicode + 1)) - 1
    return index >= 0 and ranges[index][0] <= codepoint <= ranges[index][1]


_loaded: dict[FontFile, str | None] = {}


def _load_fallback(font: FontFile) -> str | None:
    """Register a system font once; None when reportlab cannot read it."""
    if font not in _loaded:
        path, index = font
        name: str | None = f"BadgeFallback{len(_loaded)}"
        try:
            if not _is_truetype(Path(path)):
                raise ValueError("not TrueType outlines")
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except Exception:  # noqa: BLE001 - a font reportlab cannot read is simply not used
            log.warning("cannot use font %s for badges", path)
            name = None
        _loaded[font] = name
    return _loaded[font]


@lru_cache(maxsize=8192)
def _candidates(codepoint: int) -> tuple[FontFile, ...]:
    """The first few system fonts that have this character, best first."""
    found = [path for path, ranges in system_fonts() if _in(ranges, codepoint)]
    return tuple(found[:_CANDIDATES])


def _choose_fallbacks(missing: set[int]) -> dict[int, str]:
    """Fonts for the characters the bundled font lacks, preferring one font for the most of them.

    A Chinese name drawn half in one font and half in another looks broken, so
    the font that covers most of the missing characters wins, then the next.
    """
    options: dict[FontFile, set[int]] = {}
    rank: dict[FontFile, int] = {}
    for codepoint in missing:
        for position, path in enumerate(_candidates(codepoint)):
            options.setdefault(path, set()).add(codepoint)
            rank[path] = min(rank.get(path, position), position)
    chosen: dict[int, str] = {}
    while options:
        best = max(options, key=lambda p: (len(options[p]), -rank[p]))
        covered = options.pop(best)
        name = _load_fallback(best)
        if name is not None:
            have = _covers(name)
            for codepoint in covered:
                if codepoint in have:
                    chosen.setdefault(codepoint, name)
        options = {p: cps - chosen.keys() for p, cps in options.items() if cps - chosen.keys()}
    return chosen


@cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    """Arabic shaping limited to the ligatures the bundled font can draw."""
    covered = _covers(REGULAR)
    config: dict[str, bool] = {}
    for name, (_, forms) in LIGATURES:
        config[name] = all(ord(form) in covered for form in forms if form)
    return arabic_reshaper.ArabicReshaper(configuration=config)


def _needs_bidi(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def visual(text: str) -> str:
    """The line as it is drawn left to right: Arabic joined, right-to-left runs reversed."""
    if _is_arabic(text):
        text = _reshaper().reshape(text)
    if _needs_bidi(text):
        text = get_display(text)
    return text


def _transliterate(char: str) -> str:
    return anyascii(char) or "?"


def _drawable(char: str, primary: str, fallbacks: dict[int, str]) -> tuple[str, str]:
    """The text and font that draw one character: itself, or its transliteration."""
    codepoint = ord(char)
    if codepoint in _covers(primary):
        return char, primary
    if codepoint in fallbacks:
        return char, fallbacks[codepoint]
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return "", primary  # a mark or joiner no font has would only draw a box
    return _transliterate(char), primary


def shape(text: str, bold: bool = False) -> Shaped:
    """Split one line into font runs in drawing order, and measure it."""
    register_fonts()
    # Not cached: the text is a visitor's name, and a cache would keep it for the day.
    line = visual(text)
    primary = BOLD if bold else REGULAR
    covered = _covers(primary)
    missing = {ord(ch) for ch in line if ord(ch) not in covered}
    fallbacks = _choose_fallbacks(missing) if missing else {}
    runs: list[Run] = []
    for char in line:
        drawn, font = _drawable(char, primary, fallbacks)
        if not drawn:
            continue
        if runs and runs[-1].font == font:
            runs[-1] = Run(runs[-1].text + drawn, font)
        else:
            runs.append(Run(drawn, font))
    width = sum(pdfmetrics.stringWidth(run.text, run.font, 1) for run in runs)
    fonts = {run.font for run in runs} | {primary}
    return Shaped(tuple(runs), width, max(ascent(f) for f in fonts), max(descent(f) for f in fonts))
