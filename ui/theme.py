"""The stylesheet, filled from the tokens."""
from __future__ import annotations

from importlib import resources

from ui import tokens


def stylesheet() -> str:
    values = {name: colour for name, colour in tokens.COLOURS.items()}
    values.update(finger=str(tokens.FINGER), radius=str(tokens.RADIUS),
                  field_padding=str(tokens.FIELD_PADDING),
                  font_body=str(tokens.FONT_BODY), font_small=str(tokens.FONT_SMALL),
                  font_title=str(tokens.FONT_TITLE), font_button=str(tokens.FONT_BUTTON),
                  focus_width=str(tokens.FOCUS_WIDTH),
                  icons=str(resources.files("ui").joinpath("icons")))
    sheet = resources.files("ui").joinpath("theme.qss").read_text("utf-8")
    for name, value in values.items():
        sheet = sheet.replace(f"@{name}@", value)
    return sheet
