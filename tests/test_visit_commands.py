"""Reception's commands: `visit register`, `visit sign-out` and `on-site`."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.service import KioskService
from main import main
from tests.fixtures.visitors import registration

ROOT = Path(__file__).resolve().parents[1]


def kiosk(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def register(capsys, data_dir: Path, *args: str) -> tuple[str, str]:  # noqa: ANN001
    assert kiosk(data_dir, "visit", "register", *args) == 0, capsys.readouterr().err
    visit_id, token = capsys.readouterr().out.split()
    return visit_id, token


def test_register_stores_the_name_whole_and_records_reception(capsys, service: KioskService,
                                                              data_dir: Path) -> None:
    visit_id, token = register(capsys, data_dir, "--name", "Nagy Erzsébet", "--host", "ola",
                               "--company", "Fjord Bygg AS", "--plate", "АВ 12345")
    db = service.db
    assert db.execute("SELECT given_name, family_name FROM people").fetchall() == [("Nagy Erzsébet", "")]
    assert db.execute("SELECT id, badge_token, host_id, car_reg_display, car_reg_normalized "
                      "FROM visits").fetchall() == [(visit_id, token, "demo-host-2", "АВ 12345",
                                                     "AB12345")]
    assert db.execute("SELECT method, decision FROM consent_events").fetchall() == [
        ("reception", "not_asked")]
    assert db.execute("SELECT actor FROM audit_log").fetchone()[0].startswith("reception:")


def test_register_with_given_and_family_name(capsys, service: KioskService, data_dir: Path) -> None:
    register(capsys, data_dir, "--given", "Erzsébet", "--family", "Nagy", "--family-first",
             "--host", "demo-host-1")
    register(capsys, data_dir, "--given", "芳", "--family", "王", "--host", "demo-host-1")
    assert service.db.execute("SELECT given_name, family_name, family_first FROM people "
                              "ORDER BY rowid").fetchall() == [("Erzsébet", "Nagy", 1), ("芳", "王", 1)]


@pytest.mark.parametrize("args, option", [
    (["--name", "Kari Nordmann", "--host", "ola", "--email", "not-an-address"], "--email:"),
    (["--name", "Kari 😀", "--host", "ola"], "--given/--name:"),
    (["--name", "Kari", "--host", "ola", "--type", "vip"], "--type:"),
    (["--name", "Kari", "--host", "ola", "--plate", "!"], "--plate:"),
    (["--name", "Kari", "--host", "ola", "--type", "contractor"], "--company:"),
    (["--name", "Kari", "--host", "nobody-at-all"], "--host:"),
    (["--name", "Kari"], "--host:"),
    (["--company", "Fjord Bygg AS", "--host", "ola"], "--name"),
])
def test_invalid_input_exits_2_with_the_fields_message(capsys, service: KioskService,
                                                       data_dir: Path, args: list[str],
                                                       option: str) -> None:
    assert kiosk(data_dir, "visit", "register", *args) == 2
    captured = capsys.readouterr()
    assert option in captured.err and captured.out == ""
    assert service.db.execute("SELECT count(*) FROM visits").fetchone() == (0,)


def test_an_ambiguous_host_lists_the_candidates(capsys, service: KioskService, data_dir: Path) -> None:
    assert kiosk(data_dir, "visit", "register", "--name", "Kari", "--host", "nordmann") == 2
    err = capsys.readouterr().err
    assert "Kari Nordmann (demo-host-3)" in err and "Ola Nordmann (demo-host-2)" in err


def test_register_answers_in_norwegian(capsys, service: KioskService, data_dir: Path) -> None:
    assert kiosk(data_dir, "--lang", "nb", "visit", "register", "--name", "Kari",
                 "--host", "ola", "--email", "x") == 2
    assert "Dette ser ikke ut som en e-postadresse" in capsys.readouterr().err


def test_sign_out_exit_codes(capsys, service: KioskService, data_dir: Path) -> None:
    _, token = register(capsys, data_dir, "--name", "Kari Nordmann", "--host", "ola")
    assert kiosk(data_dir, "visit", "sign-out", token.lower()) == 0
    assert "Kari Nordmann" in capsys.readouterr().out
    assert kiosk(data_dir, "visit", "sign-out", token) == 3
    assert kiosk(data_dir, "visit", "sign-out", "VNOSUCHBADGE") == 4
    assert kiosk(data_dir, "visit", "sign-out", " ") == 2
    assert service.db.execute("SELECT sign_out_method FROM visits").fetchone() == ("reception",)


def test_on_site_lists_who_is_here_as_json(capsys, service: KioskService, data_dir: Path) -> None:
    visit_id, token = register(capsys, data_dir, "--given", "Bjørn", "--family", "Dæhlie",
                               "--host", "ola", "--plate", "ＥＬ １２３４５", "--company", "Polar")
    _, gone = register(capsys, data_dir, "--name", "Kari Nordmann", "--host", "ola")
    kiosk(data_dir, "visit", "sign-out", gone)
    capsys.readouterr()
    assert kiosk(data_dir, "on-site", "--json") == 0
    [row] = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in row.items() if k != "signed_in_at"} == {
        "visit_id": visit_id, "given_name": "Bjørn", "family_name": "Dæhlie", "company": "Polar",
        "host": "Ola Nordmann", "plate": "ＥＬ １２３４５", "plate_normalized": "EL12345",
        "badge_token": token, "kind": "visitor", "event": ""}
    signed_in = datetime.fromisoformat(row["signed_in_at"])
    assert signed_in.utcoffset() == service.config.zone.utcoffset(signed_in.replace(tzinfo=None))
    assert row["signed_in_at"].endswith(("+01:00", "+02:00"))


@pytest.mark.parametrize("query, found", [("bjoern", True), ("daeh", True), ("kari", False)])
def test_on_site_search_matches_as_the_sign_out_screen(capsys, service: KioskService,
                                                       data_dir: Path, query: str, found: bool) -> None:
    register(capsys, data_dir, "--given", "Bjørn", "--family", "Dæhlie", "--host", "ola")
    service.register_visit(registration(service, given_name="Ola", family_name="Hansen"))
    assert kiosk(data_dir, "on-site", "--search", query, "--json") == 0
    names = [r["given_name"] for r in json.loads(capsys.readouterr().out)]
    assert names == (["Bjørn"] if found else [])


def test_on_site_table_and_too_short_search(capsys, service: KioskService, data_dir: Path) -> None:
    register(capsys, data_dir, "--given", "Åse", "--family", "Nygård", "--host", "ola")
    assert kiosk(data_dir, "on-site") == 0
    out = capsys.readouterr().out
    assert "Åse Nygård" in out and "Ola Nordmann" in out and "1 on site." in out
    assert kiosk(data_dir, "on-site", "--search", "å") == 2
    assert "three letters" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["visit"], ["visit", "register", "--name", "A", "--given", "B"], ["visit", "sign-out"],
    ["on-site", "--search"],
])
def test_bad_arguments_exit_2_without_a_traceback(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run([sys.executable, "main.py", "--data-dir", str(tmp_path / "d"), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr


def test_register_prints_the_badge(capsys, service: KioskService, data_dir: Path, cups) -> None:
    from dataclasses import replace

    from kiosk.config import Printing, save_config

    save_config(data_dir, replace(service.config, printing=Printing(printer=cups.ok)))
    assert kiosk(data_dir, "visit", "register", "--name", "Kari", "--host", "ola", "--print") == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out[0].split()) == 2 and out[1] == f"Printed on {cups.ok}."
