"""Badge formats as data: which layout, on which page, how many to a page.

Label stock is named the way its box names it (a Brother DK-11202 is 62 × 100
mm); the PDF page is laid landscape so the preview reads the way the badge is
worn, and CUPS turns it to the printer's feed direction.

Each format also carries the print options its stock needs, because label
drivers print what the job says, not what the PDF looks like: without them the
result depends on each queue's defaults. They were checked against Debian's
drivers (printer-driver-ptouch, printer-driver-dymo; see tests/test_print_drivers.py):
- Brother DK-11202: the 62x100mm page and MediaType=Labels, or the job says
  continuous tape and the printer stops with a media error;
- Dymo 99014: its page (w154h286.1, "99014 Name Badge Label") and
  orientation-requested=6, or the first 1.4 mm of every text line is cut off.
`fit-to-page` is never set: it shrinks a badge by 6-7 % and its QR code with it.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.badge_formats import DEFAULT_BADGE_FORMAT as DEFAULT_FORMAT
from kiosk.errors import KioskError, Message, N_
from printing.layouts import LAYOUTS, Layout


@dataclass(frozen=True)
class BadgeFormat:
    id: str
    label: str
    layout_id: str
    page_width: float
    page_height: float
    columns: int = 1
    rows: int = 1
    #: Offset of the first badge from the page's top-left corner, in mm.
    left: float = 0.0
    top: float = 0.0
    #: A sheet of several badges gets thin cut lines around each one.
    cut_lines: bool = False
    #: CUPS job options (`lp -o NAME=VALUE`) the stock needs; see the module's note.
    print_options: tuple[tuple[str, str], ...] = ()

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.layout_id]

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner in mm of the badge in `slot` (0-based, row by row)."""
        row, column = divmod(slot, self.columns)
        return self.left + column * self.layout.width, self.top + row * self.layout.height


FORMATS: dict[str, BadgeFormat] = {fmt.id: fmt for fmt in (
    BadgeFormat("brother-dk11202", N_("Brother DK-11202 label (62 × 100 mm)"), "label-100x62",
                100, 62, print_options=(("media", "62x100mm"), ("MediaType", "Labels"))),
    BadgeFormat("roll-62", N_("62 mm continuous roll, cut at 100 mm"), "label-100x62", 100, 62,
                print_options=(("media", "62x100mm"), ("MediaType", "Tape"))),
    BadgeFormat("cr80", N_("CR80 card (85.6 × 54 mm)"), "card-86x54", 85.6, 54),
    BadgeFormat("dymo-99014", N_("Dymo 99014 label (54 × 101 mm)"), "label-101x54", 101, 54,
                print_options=(("media", "w154h286.1"), ("orientation-requested", "6"))),
    BadgeFormat("a6", N_("A6 card (105 × 148 mm)"), "card-105x148", 105, 148,
                print_options=(("media", "A6"),)),
    # 2 × 4 badges of 95 × 69 mm on A4 (210 × 297 mm); the 10 mm border keeps every badge
    # clear of the edge an office printer cannot reach.
    BadgeFormat("a4-8", N_("A4 sheet of 8 badges (95 × 69 mm)"), "sheet-95x69", 210, 297,
                columns=2, rows=4, left=10, top=10.5, cut_lines=True,
                print_options=(("media", "A4"),)),
)}


def badge_format(format_id: str) -> BadgeFormat:
    """The named format, or a KioskError naming the ones there are."""
    try:
        return FORMATS[format_id]
    except KeyError:
        raise KioskError(Message(N_("Unknown badge format {format}. Choose one of: {formats}."),
                                 {"format": format_id, "formats": ", ".join(FORMATS)}),
                         code="unknown_format") from None
