"""The registry decides at runtime, not only in tests: what a badge prints, and what is declared."""
from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from kiosk import registry
from kiosk.i18n import Translator
from kiosk.service import KioskService
from printing.badge import visit_badge
from printing.formats import FORMATS
from printing.render import render_pdf
from tests.fixtures.visitors import registration


def _withdrawn(*columns: tuple[str, str]) -> tuple[registry.PersonalField, ...]:
    return tuple(dataclasses.replace(f, on_badge=False) if (f.table, f.column) in columns else f
                 for f in registry.PERSONAL_FIELDS)


@pytest.fixture
def visit(service: KioskService):
    return service.register_visit(registration(service, company="Fjord Bygg AS"))


def test_a_declared_field_is_printed(service: KioskService, visit) -> None:  # noqa: ANN001
    content = visit_badge(visit, service.config)
    assert (content.company, content.host_name) == ("Fjord Bygg AS", "Ingrid Bakken")


def test_a_field_not_declared_printable_never_reaches_the_badge(
        service: KioskService, visit, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(registry, "PERSONAL_FIELDS",
                        _withdrawn(("people", "company"), ("hosts", "name"),
                                   ("people", "family_name")))
    content = visit_badge(visit, service.config)
    assert (content.company, content.host_name) == ("", "")
    assert content.goes_by == visit.name.given and "Nordmann" not in content.full_name
    pdf = render_pdf([content], FORMATS[service.config.printing.badge_format], Translator("nb"))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Fjord Bygg" not in text and "Ingrid" not in text and "Nordmann" not in text
    assert visit.name.given in text


@pytest.mark.parametrize("table, column", [("outbox", "payload"), ("audit_log", "record_refs")])
def test_copies_and_references_of_personal_data_are_declared(table: str, column: str) -> None:
    declared = registry.field(table, column)
    assert declared.purpose and declared.retention
    assert column not in registry.TECHNICAL_COLUMNS[table]
