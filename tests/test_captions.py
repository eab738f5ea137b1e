"""One caption per field: kiosk/captions.py names a field, and no screen, list or layout
writes its own words for it (a second spelling would drift, and need a second translation)."""
from __future__ import annotations

from kiosk.captions import CAPTIONS
from kiosk.i18n import Translator, catalogue
from kiosk.importers.mapping import FIELDS as LIST_COLUMNS
from kiosk.rights import RECTIFIABLE
from kiosk.validation import FIELDS as VISITOR_FIELDS
from printing.placeholders import PLACEHOLDERS
from tests.test_i18n import code_base_texts
from ui.screens.confirm import _ROWS as SUMMARY_ROWS
from ui.screens.details import _FIELDS as FORM_FIELDS
from ui.screens.event_settings import FIELD_NAMES

#: Other spellings the captions had before they had one home.
OLD_SPELLINGS = {"Given name", "Car registration (for parking)"}


def test_no_module_but_the_table_writes_a_caption() -> None:
    written = {path: texts & (set(CAPTIONS.values()) | OLD_SPELLINGS)
               for path, texts in code_base_texts().items() if path != "kiosk/captions.py"}
    assert {path: texts for path, texts in written.items() if texts} == {}


def test_every_field_a_person_or_a_list_gives_has_a_caption() -> None:
    typed = set(VISITOR_FIELDS) - {"host_id", "visitor_type"}  # chosen, not typed
    assert typed | set(LIST_COLUMNS) | set(RECTIFIABLE) <= set(CAPTIONS)


def test_form_summary_import_screen_and_badge_layout_say_the_same() -> None:
    form = {name: source for name, source, *_ in FORM_FIELDS}
    summary = dict(SUMMARY_ROWS)
    for field in ("company", "email", "phone", "car_reg"):
        assert form[field] == summary[field] == CAPTIONS[field], field
    assert FIELD_NAMES["given_name"] == form["given_name"] == CAPTIONS["given_name"]
    assert PLACEHOLDERS["company"].label == FIELD_NAMES["company"] == CAPTIONS["company"]


def test_every_caption_is_norwegian_too() -> None:
    nb = catalogue("nb")
    assert [c for c in CAPTIONS.values() if c not in nb] == []
    assert Translator("nb")(CAPTIONS["given_name"]) == "Fornavn"
