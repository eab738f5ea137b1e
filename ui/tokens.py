"""Sizes and colours of the touch interface, in one place so a test can hold them to account."""
from __future__ import annotations

#: A fingertip: no target on a touchscreen is smaller than this, in pixels.
FINGER = 64
SPACING = 16
RADIUS = 12
#: Space between a field's edge and its text.
FIELD_PADDING = 12

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
    #: Hint text inside an empty field: lighter than typed text, still AA on the field.
    "placeholder": "#6A655E",
    #: Focus: a black ring on every control, and on buttons a yellow fill, so that focus
    #: shows at 3:1 whatever the control looks like unfocused (the GOV.UK pattern).
    "focus_ring": "#000000",
    "focus": "#FFDD00",
    "on_focus": "#1C1B1A",
}

#: Pairs of (foreground, background) tokens that carry text; each must reach WCAG AA.
TEXT_PAIRS = (
    ("text", "background"), ("text", "surface"), ("muted", "background"), ("muted", "surface"),
    ("on_primary", "primary"), ("on_secondary", "secondary"), ("error", "surface"),
    ("error", "background"), ("success", "background"), ("placeholder", "surface"),
    ("on_focus", "focus"),
)

#: Width of the focus ring, in pixels: as wide as the invalid border, so a field keeps its
#: height when it takes the focus (the details step is measured to fit the screen).
FOCUS_WIDTH = 3

#: How each kind of control looks unfocused, as (fill, edge) tokens. The stylesheet draws
#: them; tests/test_look.py holds the focused look against each at 3:1.
CONTROL_LOOKS: dict[str, tuple[str, str]] = {
    "button": ("secondary", "secondary"),
    "primary": ("primary", "primary"),
    "selected": ("primary", "primary"),
    "language": ("surface", "border"),
    "result": ("surface", "border"),
    "field": ("surface", "border"),
    "invalid field": ("surface", "error"),
    "checkbox": ("background", "background"),
}
#: The focused look as (fill, edge) tokens: buttons and check boxes take the focus fill,
#: text fields keep their white fill (text stays readable) and rely on the ring.
FOCUSED_BUTTON = ("focus", "focus_ring")
FOCUSED_FIELD = ("surface", "focus_ring")

#: Horizontal distance between "Start over" and the nearest language button: a slip of
#: the finger must not wipe a visitor's form.
DANGER_GAP = 3 * FINGER

WINDOW_SIZE = (1280, 800)
