"""Sizes and colours of the touch interface, in one place so a test can hold them to account."""
from __future__ import annotations

#: A fingertip: no target on a touchscreen is smaller than this, in pixels.
FINGER = 64
SPACING = 16
RADIUS = 12

FONT_BODY = 20
FONT_SMALL = 16
FONT_TITLE = 40
FONT_BUTTON = 22

COLOURS: dict[str, str] = {
    "background": "#F5F3EF",
    "surface": "#FFFFFF",
    "text": "#1C1B1A",
    "muted": "#55524D",
    "primary": "#0B4F6C",
    "on_primary": "#FFFFFF",
    "secondary": "#E3E0DA",
    "on_secondary": "#1C1B1A",
    "error": "#B3261E",
    "success": "#1E6B3A",
    "border": "#8A857D",
    "focus": "#E0A100",
}

#: Pairs of (foreground, background) tokens that carry text; each must reach WCAG AA.
TEXT_PAIRS = (
    ("text", "background"), ("text", "surface"), ("muted", "background"), ("muted", "surface"),
    ("on_primary", "primary"), ("on_secondary", "secondary"), ("error", "surface"),
    ("error", "background"), ("success", "background"),
)

WINDOW_SIZE = (1280, 800)
