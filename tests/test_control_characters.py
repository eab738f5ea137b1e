"""A control character never reaches a stored or printed name, whatever path the name takes:
the visitor form, an event walk-in, an attendee list, a hosts file, an event and its venue,
`kiosk badge`.
Each path refuses it with the visitor form's own message (kiosk/text.py text_problem)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import attendees, events
from kiosk.attendees import AttendeeData
from kiosk.errors import ValidationError
from kiosk.i18n import Translator
from kiosk.validation import VisitorDetails, field_problem, validate_details
from kiosk.walk_in import REQUIRED
from main import main
from tests.test_setup import HOSTS, notices, setup

CHARACTERS = "Contains characters that cannot be used here."
EN = Translator("en")
#: Letters people type (symbols have their own message in names); and a control character that is not a line break or tab, which
#: tidying turns into a space.
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "So")), max_size=20)
_CONTROL = st.characters(whitelist_categories=("Cc",)).filter(lambda c: not c.isspace())
START = datetime(2026, 5, 4, 9, tzinfo=timezone.utc)


def with_control(before: str, control: str, after: str) -> str:
    return f"Kari{before}{control}{after}"


@given(before=_TEXT, control=_CONTROL, after=_TEXT)
def test_every_name_path_refuses_a_control_character_with_the_forms_message(
        before: str, control: str, after: str) -> None:
    name = with_control(before, control, after)
    assert EN.message(field_problem("given_name", name, "NO")) == CHARACTERS
    with pytest.raises(ValidationError) as visitor:
        validate_details(VisitorDetails(given_name=name, host_id="h"), "NO")
    with pytest.raises(ValidationError) as walk_in:
        validate_details(VisitorDetails(given_name="Kari", company=name), "NO", required=REQUIRED)
    listed = attendees.field_problems(AttendeeData(name, "Nordmann"))
    with pytest.raises(ValidationError) as event:
        events.new_event(name, START, START + timedelta(hours=2))
    with pytest.raises(ValidationError) as venue:
        events.new_event("Kundedag", START, START + timedelta(hours=2), venue=name)
    assert [EN.message(m) for m in (visitor.value.errors["given_name"],
                                    walk_in.value.errors["company"], listed["given_name"],
                                    event.value.errors["name"], venue.value.errors["venue"])
            ] == [CHARACTERS] * 5


@pytest.mark.parametrize("option", ["--name", "--company", "--host", "--event"])
@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b[31m", "\u202e"])
def test_badge_refuses_a_control_character(capsys, data_dir: Path, tmp_path: Path, option: str,
                                           control: str) -> None:
    args = {"--name": "Ola", option: f"a{control}b"}
    out = tmp_path / "b.pdf"
    assert main(["--data-dir", str(data_dir), "badge", *(x for pair in args.items() for x in pair),
                 "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == f"{option}: {CHARACTERS}"
    assert not out.exists()


def test_badge_still_prints_any_script_and_emoji(capsys, data_dir: Path, tmp_path: Path) -> None:
    assert main(["--data-dir", str(data_dir), "badge", "--name", "王芳 Zoë 😀 أحمد",
                 "--out", str(tmp_path / "b.pdf")]) == 0


def test_a_hosts_file_with_a_control_character_names_the_line(data_dir: Path, tmp_path: Path,
                                                             capsys) -> None:
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    (tmp_path / "hosts.csv").write_text(HOSTS + "Bo\x07 Ek,bo@fjord.no,,\nEva Ek,eva@fjord.no,,IT\x1b\n",
                                        "utf-8")
    capsys.readouterr()
    assert setup(data_dir, "--notice-dir", str(notices(tmp_path / "n")),
                 "--hosts", str(tmp_path / "hosts.csv")) == 2
    assert capsys.readouterr().err.splitlines()[:2] == [f"Line 4: {CHARACTERS}", f"Line 5: {CHARACTERS}"]


