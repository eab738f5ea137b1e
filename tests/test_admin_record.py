"""The record of processing comes from the registry, and the shipped notice covers every line of it."""
from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from kiosk.config import KioskConfig
from kiosk.i18n import LANGUAGES, Translator
from kiosk.processing_record import CATEGORY_IN_NOTICE, PURPOSE_IN_NOTICE, markdown, record
from kiosk.registry import PERSONAL_FIELDS

ROOT = Path(__file__).resolve().parents[1]


def notice(language: str) -> str:
    return resources.files("kiosk.notices").joinpath(f"example.{language}.md").read_text("utf-8")


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_notice_names_every_category_the_registry_uses(language):
    _ = Translator(language)
    text = notice(language)
    missing = {f.category.value for f in PERSONAL_FIELDS if _(CATEGORY_IN_NOTICE[f.category]) not in text}
    assert missing == set(), f"the {language} notice does not name {missing}"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_notice_names_every_purpose_the_registry_uses(language):
    _ = Translator(language)
    text = notice(language)
    unmapped = {f.purpose for f in PERSONAL_FIELDS if f.purpose not in PURPOSE_IN_NOTICE}
    assert unmapped == set(), f"no notice purpose covers {unmapped}"
    missing = {f.purpose for f in PERSONAL_FIELDS if _(PURPOSE_IN_NOTICE[f.purpose]) not in text}
    assert missing == set(), f"the {language} notice does not name {missing}"


def test_every_registry_field_is_in_the_record():
    lines = record(KioskConfig(), Translator("en"))
    listed = {name for line in lines for name in line.fields.split(", ")}
    assert listed == {f"{f.table}.{f.column}" for f in PERSONAL_FIELDS}
    plates = next(line for line in lines if "visits.car_reg_display" in line.fields)
    assert "7 days" in plates.retention
    assert plates.basis == "legitimate interest (GDPR art. 6(1)(f))"


def test_markdown_in_norwegian(tmp_path):
    text = markdown(KioskConfig(), Translator("nb"))
    assert text.startswith("# Behandlingsprotokoll: Eksempel AS")
    assert "Grunnleggende opplysninger" in text and "90 dager" in text
    assert "Registrere og ta imot et besøk i lokalene" in text and "Registering" not in text
    assert "berettiget interesse (personvernforordningen art. 6 nr. 1 f)" in text
    assert "legitimate_interest" not in text


def test_record_of_processing_command(tmp_path):
    for fmt in ("md", "pdf"):
        out = tmp_path / f"record.{fmt}"
        done = subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path / "data"),
                               "record-of-processing", "--format", fmt, "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "record.pdf").read_bytes().startswith(b"%PDF")
    assert "| Category | Purpose |" in (tmp_path / "record.md").read_text("utf-8")
