"""The sync commands: answers for bad input, one round from the command line, central export."""
from __future__ import annotations

import csv
import json
import signal
import socket

import pytest

from tests.fixtures.visitors import registration
from tests.sync_fixtures import Central, central_rows, cli, enrolled_kiosk


@pytest.mark.parametrize("args, says", [
    (["enroll", "--server", "ftp://example.com", "--code", "X"], "https://"),
    (["enroll", "--server", "https://example.com", "--code", "X", "--ca-file", "/nonexistent"],
     "CA file"),
    (["sync"], "not enrolled"),
    (["server", "--db", "mysql://example.com/x", "admin-token"], "postgresql://"),
    (["server", "--port", "99999"], "65535"),
    (["server", "--host", "", "--port", "0"], "--host"),
    (["server", "revoke", "--kiosk", "no-such-kiosk"], "no-such-kiosk"),
    (["server", "export", "visits", "--from", "2026-02-01", "--to", "2026-01-01", "--format",
      "csv", "--out", "x.csv"], "--from"),
    (["server", "export", "visits", "--from", "yesterday", "--to", "2026-01-01", "--format",
      "csv", "--out", "x.csv"], "date"),
    (["server", "enroll", "--site", ""], "--site"),
    (["server", "enroll", "--site", "../../x"], "--site"),
    (["server", "enroll", "--site", "b" * 65], "at most 64"),
    (["server", "enroll", "--site", "oslo", "--valid-minutes", "99999999999999"], "between"),
    (["server", "enroll", "--site", "oslo", "--name", "  "], "--name"),
    (["server", "enroll", "--site", "oslo", "--name", "Oslo\nHQ"], "--name"),
    (["server", "enroll", "--site", "oslo", "--name", "O" * 101], "at most 100"),
    (["server", "admin-token", "--valid-days", "99999999"], "between"),
    (["server", "--db", "postgresql://kiosk:kiosk@127.0.0.1:notaport/kiosk", "admin-token"],
     "--db"),
    (["server", "--db", "sqlite:///", "admin-token"], "--db"),
    (["server", "--db", "sqlite:///relative.db", "admin-token"], "absolute path"),
    (["enroll", "--server", "http://127.0.0.1:9", "--code", ""], "--code"),
    (["enroll", "--server", "http://127.0.0.1:9", "--code", "\udcff"], "--code"),
])
def test_bad_input_exits_2_with_a_message(tmp_path, args, says):
    done = cli(tmp_path / "data", *args, check=False)
    assert done.returncode == 2, done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr


def test_a_taken_port_is_an_admins_message(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = cli(tmp_path / "data", "--lang", "nb", "server", "--port", str(port), check=False)
    assert done.returncode == 2 and f"Port {port} på 127.0.0.1 er allerede i bruk" in done.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_systemds_stop_end_the_service_quietly(tmp_path, stop):
    service = Central(tmp_path / "central", None).start()
    process = service.process
    assert process is not None
    process.send_signal(stop)
    assert process.wait(20) == 0
    assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    service.stop()


def test_a_service_on_an_ipv6_address_announces_a_url_a_kiosk_can_enroll_with(tmp_path):
    from sync.enrollment import enroll_kiosk

    service = Central(tmp_path / "central", None, extra=("--host", "::1")).start()
    try:
        assert service.announced == f"http://[::1]:{service.port}"
        settings = enroll_kiosk(tmp_path / "kiosk", service.announced, service.code("oslo-hq"))
        assert settings.site_id == "oslo-hq"
    finally:
        service.stop()


def test_sync_prints_counts_and_export_spans_sites(sqlite_central, tmp_path, clock):
    oslo, _ = enrolled_kiosk(sqlite_central, tmp_path / "oslo", "oslo-hq", clock)
    bergen, _ = enrolled_kiosk(sqlite_central, tmp_path / "bergen", "bergen", clock)
    for service, count in ((oslo, 2), (bergen, 3)):
        for number in range(count):
            service.register_visit(registration(service, given_name="Gjest",
                                                family_name=str(number), email="x@example.com"))
        service.db.close()
    first = cli(tmp_path / "oslo", "sync")
    assert first.stdout.strip() == "Uploaded 4, downloaded 0, failed 0."
    assert cli(tmp_path / "oslo", "sync").stdout.strip() == "Uploaded 0, downloaded 0, failed 0."
    cli(tmp_path / "bergen", "sync")

    day = clock.now().date().isoformat()
    out = tmp_path / "visits.csv"
    assert sqlite_central.job("export", "visits", "--from", day, "--to", day, "--format", "csv",
                              "--out", str(out)) == "5"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["site_id"] for r in rows} == {"oslo-hq", "bergen"}
    assert all(r["given_name"] == "Gjest" for r in rows)
    assert "x@example.com" not in out.read_text("utf-8")
    one_site = tmp_path / "bergen.json"
    sqlite_central.job("export", "visits", "--from", day, "--to", day, "--site", "bergen",
                       "--format", "json", "--out", str(one_site))
    assert len(json.loads(one_site.read_text("utf-8"))) == 3


def test_central_purge_is_audited(sqlite_central, tmp_path):
    dry = sqlite_central.job("purge", "--dry-run")
    assert "Would remove 0 visit records." in dry
    sqlite_central.job("purge")
    from sqlalchemy import create_engine, select

    from sync.tables import audit

    engine = create_engine(sqlite_central.engine_url())
    with engine.connect() as conn:
        actions = [r.action for r in conn.execute(select(audit.c.action))]
    engine.dispose()
    assert actions == ["purge.dry_run", "purge"]


def test_publish_event_from_the_command_line_reaches_the_other_door(sqlite_central, tmp_path,
                                                                    clock):
    from datetime import timedelta

    from kiosk import attendees
    from kiosk.db import write_transaction
    from kiosk.events import new_event, save_event
    from sync.rounds import run_round

    first, _ = enrolled_kiosk(sqlite_central, tmp_path / "door-a", "venue", clock)
    second, second_settings = enrolled_kiosk(sqlite_central, tmp_path / "door-b", "venue", clock)
    now = clock.now()
    event = save_event(first.db, new_event("Kick-off", now, now + timedelta(hours=3)), now)
    with write_transaction(first.db):
        attendees.store(first.db, event.id, [attendees.AttendeeData(
            f"Gjest{n}", "Nordmann", ticket_code=f"T{n:04d}") for n in range(5)], now, "test")
    first.db.close()
    token = sqlite_central.admin_token()

    missing = cli(tmp_path / "door-a", "sync", "publish-event", "--event", event.id, check=False)
    assert missing.returncode == 2 and "admin token" in missing.stderr
    unknown = cli(tmp_path / "door-a", "sync", "publish-event", "--event", "nope",
                  "--admin-token", token, check=False)
    assert unknown.returncode == 2 and "no event nope" in unknown.stderr
    refused = cli(tmp_path / "door-a", "sync", "publish-event", "--event", event.id,
                  "--admin-token", "not-a-token", check=False)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "refused the admin token" in refused.stderr and "enroll" not in refused.stderr

    done = cli(tmp_path / "door-a", "sync", "publish-event", "--event", event.id,
               "--admin-token", token)
    assert f"Published event {event.id} with 6 records" in done.stdout
    assert run_round(second.db, second_settings, now).downloaded == 6
    codes = {r[0] for r in second.db.execute("SELECT ticket_code FROM attendees")}
    assert codes == {f"T{n:04d}" for n in range(5)}


def test_export_columns_are_fixed_whatever_the_kiosks_send(sqlite_central, tmp_path, clock):
    from sync.client import CentralClient
    from sync.reports import EXPORT_COLUMNS

    day = clock.now().date().isoformat()
    empty = tmp_path / "empty.csv"
    sqlite_central.job("export", "visits", "--from", day, "--to", day, "--format", "csv",
                       "--out", str(empty))
    assert empty.read_text("utf-8").splitlines() == [",".join(EXPORT_COLUMNS["visits"])]

    oslo, settings = enrolled_kiosk(sqlite_central, tmp_path / "oslo", "oslo-hq", clock)
    oslo.register_visit(registration(oslo, given_name="Åse", family_name="Lie"))
    oslo.db.close()
    cli(tmp_path / "oslo", "sync")
    _bergen, newer = enrolled_kiosk(sqlite_central, tmp_path / "bergen", "bergen", clock)
    with CentralClient(newer.server, newer.token) as kiosk:  # a kiosk of a later version
        kiosk.upload([{"id": "v-newer", "kind": "visit", "occurred_at": clock.now().isoformat(),
                       "payload": {"id": "v-newer", "signed_in_at": clock.now().isoformat(),
                                   "mood": "happy"}}])
    out = tmp_path / "visits.csv"
    assert sqlite_central.job("export", "visits", "--from", day, "--to", day, "--format", "csv",
                              "--out", str(out)) == "2"
    with out.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == EXPORT_COLUMNS["visits"]
    assert "mood" not in out.read_text("utf-8")
    assert {(r["site_id"], r["given_name"]) for r in rows} == {("oslo-hq", "Åse"), ("bergen", "")}
    as_json = tmp_path / "visits.json"
    sqlite_central.job("export", "visits", "--from", day, "--to", day, "--format", "json",
                       "--out", str(as_json))
    assert all(tuple(r) == EXPORT_COLUMNS["visits"] for r in json.loads(as_json.read_text("utf-8")))
    checkins = tmp_path / "checkins.csv"
    sqlite_central.job("export", "checkins", "--from", day, "--to", day, "--format", "csv",
                       "--out", str(checkins))
    assert checkins.read_text("utf-8").splitlines() == [",".join(EXPORT_COLUMNS["checkins"])]


def test_central_purge_follows_the_company_retention(sqlite_central, tmp_path, clock):
    from sqlalchemy import create_engine, select

    from sync.tables import audit
    from tests.sync_fixtures import central_rows

    kiosk, _ = enrolled_kiosk(sqlite_central, tmp_path / "oslo", "oslo-hq", clock)
    kiosk.register_visit(registration(kiosk, given_name="Åse", family_name="Lie"))
    kiosk.db.close()
    cli(tmp_path / "oslo", "sync")  # the visit was made three days before today
    assert "Would remove 0 visit records." in sqlite_central.job("purge", "--dry-run")
    (sqlite_central.data_dir / "kiosk.toml").write_text("[retention]\nvisits_days = 2\n")
    assert "Would remove 1 visit records." in sqlite_central.job("purge", "--dry-run")
    assert len(central_rows(sqlite_central, "visit")) == 1
    done = sqlite_central.job("purge")
    assert "Removed 1 visit records." in done and "Removed 1 person records." in done
    assert central_rows(sqlite_central, "visit") == central_rows(sqlite_central, "person") == []
    engine = create_engine(sqlite_central.engine_url())
    with engine.connect() as conn:
        last = conn.execute(select(audit).order_by(audit.c.id.desc())).first()
    engine.dispose()
    detail = json.loads(last.detail)
    assert last.action == "purge" and detail["removed"]["visit"] == 1
    assert detail["days"]["visit"] == 2 and detail["days"]["checkin"] == 30


@pytest.mark.parametrize("job", [
    ["export", "visits", "--from", "2026-01-01", "--to", "2026-01-02", "--format", "csv",
     "--out", "visits.csv"],
    ["purge", "--dry-run"],
    ["enroll", "--site", "oslo-hq"],
])
def test_a_central_database_damaged_past_its_header_is_an_admins_message(tmp_path, job):
    data = tmp_path / "central"
    cli(data, "server", "admin-token")
    database = data / "central.sqlite3"
    damaged = bytearray(database.read_bytes())
    damaged[4096:] = b"\xa5" * (len(damaged) - 4096)
    database.write_bytes(bytes(damaged))
    done = cli(data, "--lang", "nb", "server", *job, check=False)
    assert done.returncode == 2, done.stderr
    assert "Sentraldatabasen" in done.stderr and "sikkerhetskopi" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_ca_file_that_is_not_a_certificate_is_named_at_enroll_and_at_sync(sqlite_central,
                                                                            tmp_path):
    from dataclasses import replace

    from sync.settings import load_settings, save_settings

    garbage = tmp_path / "company-ca.pem"
    garbage.write_text("not a certificate\n")
    done = cli(tmp_path / "data", "--lang", "nb", "enroll", "--server", sqlite_central.url,
               "--code", sqlite_central.code("oslo-hq"), "--ca-file", str(garbage), check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"CA-filen {garbage} kan ikke brukes" in done.stderr

    kiosk, settings = enrolled_kiosk(sqlite_central, tmp_path / "kiosk", "oslo-hq")
    kiosk.db.close()
    save_settings(tmp_path / "kiosk", replace(settings, ca_file=str(garbage)))
    done = cli(tmp_path / "kiosk", "sync", check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"The CA file {garbage} cannot be used" in done.stderr
    assert load_settings(tmp_path / "kiosk") is not None


def test_moving_a_kiosk_to_another_site_waits_for_its_records_and_downloads_anew(
        sqlite_central, tmp_path):
    from kiosk.db import open_database

    kiosk, _ = enrolled_kiosk(sqlite_central, tmp_path / "kiosk", "oslo-hq")
    kiosk.register_visit(registration(kiosk, given_name="Venter", family_name="Fortsatt"))
    kiosk.db.close()
    move = ["enroll", "--server", sqlite_central.url, "--code"]
    done = cli(tmp_path / "kiosk", "--lang", "nb", *move, sqlite_central.code("bergen"),
               check=False)
    assert done.returncode == 2 and "venter fortsatt" in done.stderr
    assert cli(tmp_path / "kiosk", "sync").stdout.startswith("Uploaded 2,")  # visit and person

    def cursor() -> list:  # type: ignore[type-arg]
        db = open_database(tmp_path / "kiosk" / "kiosk.sqlite3")
        try:
            return db.execute("SELECT value FROM sync_state WHERE name = 'cursor'").fetchall()
        finally:
            db.close()
    assert cursor()
    cli(tmp_path / "kiosk", *move, sqlite_central.code("bergen"))
    assert cursor() == []
    out = tmp_path / "visits.json"
    sqlite_central.job("export", "visits", "--from", "2000-01-01", "--to", "2100-01-01",
                       "--format", "json", "--out", str(out))
    assert [(v["given_name"], v["site_id"]) for v in json.loads(out.read_text("utf-8"))] == [
        ("Venter", "oslo-hq")]


def test_the_central_export_neither_runs_formulas_nor_stops_at_a_bad_time(sqlite_central,
                                                                         tmp_path, clock):
    from sync.client import CentralClient

    oslo, settings = enrolled_kiosk(sqlite_central, tmp_path / "oslo", "oslo-hq", clock)
    oslo.register_visit(registration(oslo, given_name='=HYPERLINK("http://x.example","Hi")',
                                     family_name="Lie"))
    oslo.db.close()
    cli(tmp_path / "oslo", "sync")
    with CentralClient(settings.server, settings.token) as kiosk:
        answer = kiosk.upload([{"id": "v-bad-time", "kind": "visit",
                                "occurred_at": clock.now().isoformat(),
                                "payload": {"id": "v-bad-time", "signed_in_at": "yesterday"}}])
    assert answer == [{"id": "v-bad-time", "status": "rejected", "code": "invalid"}]
    day = clock.now().date().isoformat()
    out = tmp_path / "visits.csv"
    assert sqlite_central.job("export", "visits", "--from", day, "--to", day, "--format", "csv",
                              "--out", str(out)) == "1"
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["given_name"] == '\'=HYPERLINK("http://x.example","Hi")'


def test_the_service_behind_tls_is_trusted_through_the_company_ca_only(sqlite_central,
                                                                      tmp_path):
    from kiosk.demo import ensure_site_and_notice, load_demo_hosts
    from kiosk.service import open_service
    from tests.tls_proxy import TlsProxy, company_certificates

    certificates = company_certificates(tmp_path / "pki")
    proxy = TlsProxy(sqlite_central.port, certificates)
    try:
        unknown = cli(tmp_path / "stranger", "enroll", "--server", proxy.url, "--code",
                      sqlite_central.code("oslo-hq"), check=False)
        assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
        assert "CERTIFICATE_VERIFY_FAILED" in unknown.stderr and "--ca-file" in unknown.stderr
        assert not (tmp_path / "stranger" / "sync.json").exists()

        cli(tmp_path / "kiosk", "enroll", "--server", proxy.url, "--code",
            sqlite_central.code("oslo-hq"), "--ca-file", str(certificates.ca))
        kiosk = open_service(tmp_path / "kiosk")
        ensure_site_and_notice(kiosk)
        load_demo_hosts(kiosk)
        kiosk.register_visit(registration(kiosk, given_name="Trygg", family_name="Forbindelse"))
        kiosk.db.close()
        synced = cli(tmp_path / "kiosk", "sync").stdout
    finally:
        proxy.close()
    stored = central_rows(sqlite_central)
    assert synced.startswith(f"Uploaded {len(stored)}, ") and len(stored) >= 2


def test_the_central_export_counts_the_companys_days_not_utcs(sqlite_central, tmp_path):
    from sync.client import CentralClient

    _kiosk, settings = enrolled_kiosk(sqlite_central, tmp_path / "oslo", "oslo-hq")
    late = "2026-01-15T23:30:00+00:00"  # half past midnight on the 16th in Oslo
    with CentralClient(settings.server, settings.token) as kiosk:
        kiosk.upload([{"id": "v-late", "kind": "visit", "occurred_at": late,
                       "payload": {"id": "v-late", "signed_in_at": late}}])
    out = tmp_path / "visits.json"

    def exported(day: str) -> int:
        return int(sqlite_central.job("export", "visits", "--from", day, "--to", day,
                                      "--format", "json", "--out", str(out)))
    assert (exported("2026-01-15"), exported("2026-01-16")) == (0, 1)


def test_an_enrolled_demo_kiosk_sends_none_of_its_made_up_visitors(sqlite_central, tmp_path):
    cli(tmp_path / "kiosk", "demo", "--visits", "30", "--days", "3")
    cli(tmp_path / "kiosk", "enroll", "--server", sqlite_central.url, "--code",
        sqlite_central.code("oslo-hq"))
    assert cli(tmp_path / "kiosk", "sync").stdout.startswith("Uploaded 0,")
    assert central_rows(sqlite_central) == []


@pytest.mark.parametrize("server, says", [
    ("http://127.0.0.1:9", "Ingenting svarer på http://127.0.0.1:9"),
    ("http://no-such-host.invalid", "Servernavnet i http://no-such-host.invalid finnes ikke"),
])
def test_everyday_network_faults_are_told_in_the_admins_language(tmp_path, server, says):
    done = cli(tmp_path / "kiosk", "--lang", "nb", "enroll", "--server", server, "--code",
               "ABCD-EFGH-JKMN-PQRS", check=False)
    assert done.returncode == 2 and says in done.stderr and "Errno" not in done.stderr


def test_a_kiosk_takes_the_name_of_the_site_it_is_enrolled_at(sqlite_central, tmp_path):
    """The welcome screen greets visitors with the site's name, never the one the kiosk left."""
    from kiosk.company_key import load_company_key
    from kiosk.config import load_config
    from tests.test_setup import notices

    folder = tmp_path / "kiosk"
    enroll = ["enroll", "--server", sqlite_central.url, "--code"]
    named = sqlite_central.job("enroll", "--site", "bergen", "--name", " Bergen kontor ")
    said = cli(folder, "--lang", "nb", *enroll, named).stdout
    assert "Bergen kontor (bergen)" in said
    assert (load_config(folder).site_id, load_config(folder).site_name) == ("bergen", "Bergen kontor")
    cli(folder, *enroll, sqlite_central.code("bergen"))  # the same site, a code without a name
    assert load_config(folder).site_name == "Bergen kontor"
    cli(folder, *enroll, sqlite_central.code("tromso"))  # another site, a code without a name
    assert (load_config(folder).site_id, load_config(folder).site_name) == ("tromso", "tromso")
    # `setup` names the site of an enrolled kiosk, and leaves the id its token belongs to.
    cli(folder, "setup", "--company", "Fjord AS", "--site", "Tromsø havn",
        "--notice-dir", str(notices(tmp_path / "notices")))
    assert (load_config(folder).site_id, load_config(folder).site_name) == (
        "tromso", "Tromsø havn")
    assert load_company_key(folder) is not None
