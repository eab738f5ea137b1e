"""Demo or real kiosk: a fresh folder is a demo and says so; `setup` makes it the company's."""
from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.company_setup import HostRow, _host_id, insert_host
from kiosk.config import CONFIG_NAME, load_config, save_config
from kiosk.demo import DEMO_HOSTS
from kiosk.errors import KioskError, ValidationError
from kiosk.notices import install_notice
from kiosk.service import open_service
from main import main

NOTICE = "version: fjord-{version}\nupdated: 2026-12-01\n---\n# Fjord AS personvern ({language})\n{extra}"
HOSTS = "name,email,phone,department\nAnne Lie,anne@fjord.no,912 34 567,IT\n王 芳,wang@fjord.no,,\n"


def notices(folder: Path, version: int = 1, extra: str = "") -> Path:
    folder.mkdir(exist_ok=True)
    for language in ("nb", "en"):
        (folder / f"notice.{language}.md").write_text(
            NOTICE.format(version=version, language=language, extra=extra), "utf-8")
    return folder


def setup(data_dir: Path, *extra: str, lang: str = "en") -> int:
    return main(["--lang", lang, "--data-dir", str(data_dir), "setup", "--company", "Fjord AS",
                 "--site", "Tromsø Havn", *extra])


@pytest.fixture
def demo(data_dir: Path, capsys) -> Path:
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    capsys.readouterr()
    return data_dir


def hosts(data_dir: Path) -> dict[str, int]:
    service = open_service(data_dir)
    try:
        return {row["name"]: row["active"] for row in service.db.query("SELECT name, active FROM hosts")}
    finally:
        service.db.close()


def test_setup_makes_the_demo_the_companys_kiosk(demo: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "hosts.csv").write_text(HOSTS, "utf-8")
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n")),
                 "--hosts", str(tmp_path / "hosts.csv")) == 0
    out = capsys.readouterr().out
    assert "Installed notice version fjord-1 (nb)." in out
    assert f"Imported 2 hosts and removed {len(DEMO_HOSTS)} demo hosts." in out
    assert hosts(demo) == {"Anne Lie": 1, "王 芳": 1}
    written = tomllib.loads((demo / CONFIG_NAME).read_text("utf-8"))
    assert (written["configured"], written["company_name"], written["site_name"], written["site_id"]) == (
        True, "Fjord AS", "Tromsø Havn", "tromso-havn")
    service = open_service(demo)
    assert service.notice("nb").text.startswith("# Fjord AS personvern (nb)")
    assert [h.name for h in service.search_hosts("anne")] == ["Anne Lie"]
    service.db.close()


def test_a_host_stored_before_names_were_tidied_keeps_its_id(demo: Path, tmp_path: Path) -> None:
    """An earlier version stored "Ola  Berg" as typed, its id made from that spelling; the
    next import tidies the name and must update that host, not add a second one."""
    service = open_service(demo)
    old = HostRow("Ola  Berg", None, None, "Lager")
    with service.db.conn:
        service.db.execute("INSERT INTO sites (id, name) VALUES ('tromso-havn', 'Tromsø Havn')")
        insert_host(service.db, "tromso-havn", old, _host_id("tromso-havn", old))
    service.db.close()
    (tmp_path / "hosts.csv").write_text("name,email,phone,department\nOla  Berg,,,Lager\n", "utf-8")
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n")),
                 "--hosts", str(tmp_path / "hosts.csv")) == 0
    service = open_service(demo)
    try:
        assert [(r["id"], r["name"]) for r in service.db.query("SELECT id, name FROM hosts")] == \
            [(_host_id("tromso-havn", old), "Ola Berg")]
    finally:
        service.db.close()


def test_bad_host_rows_are_named_by_line_and_change_nothing(demo: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "hosts.csv").write_text(HOSTS + ",nobody@fjord.no,,\nBo Ek,not-an-email,,\n", "utf-8")
    before = (demo / CONFIG_NAME).read_bytes()
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n")),
                 "--hosts", str(tmp_path / "hosts.csv")) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Line 4: the name is empty"
    assert err[1].startswith("Line 5: This does not look like an e-mail address")
    assert err[2] == f"{tmp_path / 'hosts.csv'}: 2 rows cannot be imported; nothing was changed."
    assert (demo / CONFIG_NAME).read_bytes() == before
    assert set(hosts(demo)) == {name for name, _ in DEMO_HOSTS}


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_a_hosts_file_not_in_utf8_is_named_with_what_to_do(demo: Path, tmp_path: Path, capsys,
                                                           encoding: str) -> None:
    (tmp_path / "hosts.csv").write_bytes(HOSTS.replace("王 芳", "Åse Ørn").encode(encoding))
    before = (demo / CONFIG_NAME).read_bytes()
    assert setup(demo, "--hosts", str(tmp_path / "hosts.csv"), "--notice-dir",
                 str(notices(tmp_path / "n")), lang="nb") == 2
    err = capsys.readouterr().err.strip()
    assert err == (f"{tmp_path / 'hosts.csv'} er ikke lagret som UTF-8-tekst. Åpne den og lagre den "
                   "på nytt som UTF-8 (i Excel: Lagre som, «CSV UTF-8»; i et redigeringsprogram: "
                   "koding UTF-8), og prøv igjen.")
    assert (demo / CONFIG_NAME).read_bytes() == before


def test_a_hosts_file_saved_as_csv_utf8_by_excel_is_read(demo: Path, tmp_path: Path) -> None:
    (tmp_path / "hosts.csv").write_bytes(HOSTS.replace("\n", "\r\n").encode("utf-8-sig"))
    assert setup(demo, "--hosts", str(tmp_path / "hosts.csv"), "--notice-dir",
                 str(notices(tmp_path / "n"))) == 0
    assert set(hosts(demo)) >= {"Anne Lie", "王 芳"}


def test_a_notice_not_in_utf8_is_named(demo: Path, tmp_path: Path, capsys) -> None:
    folder = notices(tmp_path / "n")
    (folder / "notice.en.md").write_bytes((folder / "notice.en.md").read_text("utf-8").encode("utf-16"))
    assert setup(demo, "--notice-dir", str(folder)) == 2
    assert capsys.readouterr().err.strip().startswith(f"{folder / 'notice.en.md'} is not saved as UTF-8 text.")
    assert not load_config(demo).configured


def test_a_notice_version_cannot_get_other_text(demo: Path, tmp_path: Path, capsys) -> None:
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n"))) == 0
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n", extra="Changed.\n"))) == 2
    assert capsys.readouterr().err.strip() == (
        "Notice version fjord-1 (nb) is already installed with other text; give the new text a "
        "new version.")
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n", version=2, extra="Changed.\n"))) == 0
    service = open_service(demo)
    assert service.notice("en").version == "fjord-2"
    service.db.close()


def test_installing_the_same_version_again_changes_nothing(service, clock) -> None:
    content = NOTICE.format(version=1, language="nb", extra="")
    first = install_notice(service.db, "nb", content, clock.now())
    assert install_notice(service.db, "nb", content, clock.now()) == first
    with pytest.raises(ValidationError):
        install_notice(service.db, "nb", content + "More.\n", clock.now())


@pytest.mark.parametrize("files, message", [
    ({}, "--notice-dir is needed"),
    ({"notice.nb.md": NOTICE.format(version=1, language="nb", extra="")}, "notice.en.md is missing"),
    ({"notice.nb.md": "no header", "notice.en.md": "no header"}, "notice.nb.md is not a notice file"),
])
def test_setup_needs_the_companys_notice_in_every_language(demo: Path, tmp_path: Path, capsys,
                                                           files: dict[str, str], message: str) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    args = ["--notice-dir", str(folder)] if files else []
    assert setup(demo, *args) == 2
    assert message in capsys.readouterr().err
    assert not load_config(demo).configured


def test_the_example_notice_is_not_the_companys(demo: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "n"
    folder.mkdir()
    for language in ("nb", "en"):
        source = Path("kiosk/notices") / f"example.{language}.md"
        (folder / f"notice.{language}.md").write_text(
            (Path(__file__).parents[1] / source).read_text("utf-8"), "utf-8")
    assert setup(demo, "--notice-dir", str(folder)) == 2
    assert "is the example notice" in capsys.readouterr().err


def test_a_configured_kiosk_refuses_demo_data(demo: Path, tmp_path: Path, capsys) -> None:
    assert setup(demo, "--notice-dir", str(notices(tmp_path / "n"))) == 0
    assert main(["--data-dir", str(demo), "demo"]) == 2
    assert "demo data is only for a demo kiosk" in capsys.readouterr().err


def test_a_configured_kiosk_without_its_own_notice_does_not_start(data_dir: Path) -> None:
    from ui.launch import start_service

    save_config(data_dir, replace(load_config(data_dir), configured=True))
    with pytest.raises(KioskError, match="has no privacy notice of its own in nb"):
        start_service(data_dir, None)


def test_a_fresh_kiosk_says_demo_on_the_welcome_screen(window) -> None:
    assert window.welcome.demo_mark.isVisible()
    assert window.welcome.demo_mark.text() == "Demo: eksempelerklæring og eksempelverter. Ikke for ekte besøkende."


def test_the_companys_kiosk_does_not_say_demo(qtbot, service, tmp_path: Path) -> None:
    from ui.launch import application, build_window

    application()
    service.config = replace(service.config, configured=True)
    window = build_window(service)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.welcome.demo_mark.isVisible()
    window.tasks.wait()
    from PySide6.QtWidgets import QApplication

    QApplication.instance().removeEventFilter(window.idle)
    QApplication.instance().removeEventFilter(window.scanner)


def test_the_out_of_service_screen_sends_visitors_to_reception(qtbot) -> None:
    from ui.screens.outofservice import OutOfServiceScreen

    screen = OutOfServiceScreen(("en", "nb"))
    qtbot.addWidget(screen)
    assert screen.texts == ["This kiosk is out of service", "Please ask reception to sign you in.",
                            "Denne kiosken er ute av drift", "Spør i resepsjonen, så registrerer de deg."]
