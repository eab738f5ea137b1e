"""`reprint`: reception sees which badges wait, and each reprint is confirmed and marked."""
from __future__ import annotations

import io
import time
from dataclasses import replace

import pytest

from kiosk import printlog
from kiosk.config import Printing, save_config
from kiosk.db import database_file
from kiosk.i18n import Translator
from main import main
from printing.service import BadgePrinting
from tests.cups_fixtures import CupsPdf
from tests.fixtures.visitors import registration


@pytest.fixture
def waiting(service, cups: CupsPdf, data_dir):
    """A visitor whose badge met a stopped printer, on a kiosk whose printer works again."""
    visit = service.register_visit(registration(service, given_name="Rune", family_name="Vik"))
    stopped = replace(service.config, printing=Printing(printer=cups.stopped))
    assert not BadgePrinting(database_file(service.db), stopped, service.clock).issue(visit, Translator("en")).printed
    save_config(data_dir, replace(service.config, printing=Printing(printer=cups.ok)))
    return visit


def test_the_queue_is_listed(capsys, waiting, data_dir):
    assert main(["--data-dir", str(data_dir), "reprint"]) == 0
    out = capsys.readouterr().out
    assert waiting.badge_token in out and "Rune" in out and "Vik" not in out
    assert out.strip().endswith("1 badges wait for a reprint.")


def test_a_confirmed_reprint_prints_and_is_marked(capsys, monkeypatch, waiting, service, cups, data_dir):
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    since = time.time()
    assert main(["--data-dir", str(data_dir), "reprint", waiting.badge_token]) == 0
    assert "Reprint the badge of Rune" in capsys.readouterr().out
    cups.badge(waiting.badge_token, since).unlink()
    log = printlog.print_log(service.db, waiting.badge_token)
    assert [(e.result, e.reprint) for e in log][-1] == ("printed", True)
    assert printlog.queued(service.db) == []


def test_a_declined_reprint_prints_nothing(monkeypatch, waiting, service, data_dir):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["--data-dir", str(data_dir), "reprint", waiting.badge_token]) == 1
    assert [b.badge_token for b in printlog.queued(service.db)] == [waiting.badge_token]


def test_an_unknown_token_is_bad_input(capsys, service, data_dir):
    assert main(["--data-dir", str(data_dir), "--lang", "nb", "reprint", "VNOSUCHBADGE", "--yes"]) == 2
    assert capsys.readouterr().err.strip() == Translator("nb")(
        "This badge is not known here. Please ask reception.")


@pytest.fixture
def signed_out(waiting, service):
    service.sign_out(waiting.id, "badge")
    return waiting


def test_a_signed_out_visit_gets_no_new_badge(capsys, signed_out, service, data_dir):
    assert main(["--data-dir", str(data_dir), "reprint", signed_out.badge_token, "--yes"]) == 2
    assert "already signed out" in capsys.readouterr().err
    assert [(e.result, e.reprint) for e in printlog.print_log(service.db, signed_out.badge_token)] \
        == [("failed", False)]
    assert service.db.execute(
        "SELECT count(*) FROM audit_log WHERE action LIKE 'badge.%'").fetchone() == (0,)


def test_a_forced_reprint_after_sign_out_prints_and_is_audited(capsys, signed_out, service, cups,
                                                              data_dir):
    since = time.time()
    assert main(["--data-dir", str(data_dir), "reprint", signed_out.badge_token, "--yes",
                 "--force"]) == 0
    cups.badge(signed_out.badge_token, since).unlink()
    audit = service.db.execute(
        "SELECT actor, action, record_refs FROM audit_log WHERE action LIKE 'badge.%'").fetchall()
    assert audit == [("admin:cli", "badge.reprinted_after_sign_out", f'["visit:{signed_out.id}"]')]
