"""Everyday faults, met by the kiosk start and by every command: one message for the admin that
names the file, exit status 2, never a traceback.

Each run is a real process of main.py, as an admin or systemd starts it. The
read-only folder and the full disk are real: small tmpfs mounts (the tests run as
root, for whom file permissions alone would not stop a write).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.config import CONFIG_NAME, DATABASE_NAME
from kiosk.service import open_service

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 60


@pytest.fixture
def mounts() -> Iterator[Callable[..., Path]]:
    """Mount small tmpfs folders; unmounted (and only those) at the end."""
    mounted: list[Path] = []

    def mount(folder: Path, size: str = "1m", *options: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]),
                        "tmpfs", str(folder)], check=True)
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def healthy(data_dir: Path) -> Path:
    """A demo kiosk as the first start leaves it."""
    service = open_service(data_dir)
    service.db.close()
    return data_dir


def fill(folder: Path) -> None:
    """Use up every free byte of the disk `folder` is on."""
    with open(folder / "filler", "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:
            pass


# Each fault makes a data folder and returns (data folder, the path the message must name).

def folder_is_a_file(tmp: Path, mount) -> tuple[Path, Path]:
    (tmp / "data").write_text("not a folder")
    return tmp / "data", tmp / "data"


def folder_under_a_file(tmp: Path, mount) -> tuple[Path, Path]:
    (tmp / "file").write_text("not a folder")
    return tmp / "file" / "data", tmp / "file"


def folder_cannot_be_created(tmp: Path, mount) -> tuple[Path, Path]:
    mount(tmp / "ro", "64k", "ro")
    return tmp / "ro" / "data", tmp / "ro" / "data"


def folder_read_only(tmp: Path, mount) -> tuple[Path, Path]:
    disk = mount(tmp / "disk", "2m")
    healthy(disk / "data")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    return disk / "data", disk / "data"


def disk_full(tmp: Path, mount) -> tuple[Path, Path]:
    disk = mount(tmp / "disk", "1m")
    healthy(disk / "data")
    fill(disk)
    return disk / "data", disk / "data" / DATABASE_NAME


def database_garbage(tmp: Path, mount) -> tuple[Path, Path]:
    (tmp / "data").mkdir()
    (tmp / "data" / DATABASE_NAME).write_bytes(os.urandom(8192))
    return tmp / "data", tmp / "data" / DATABASE_NAME


def database_corrupt(tmp: Path, mount) -> tuple[Path, Path]:
    """A real database whose first page (the schema) is overwritten after its header."""
    database = healthy(tmp / "data") / DATABASE_NAME
    with open(database, "r+b") as file:
        file.seek(100)
        file.write(b"\xa5" * 3900)
    return tmp / "data", database


def database_is_a_folder(tmp: Path, mount) -> tuple[Path, Path]:
    (tmp / "data" / DATABASE_NAME).mkdir(parents=True)
    return tmp / "data", tmp / "data" / DATABASE_NAME


def settings(text: str) -> Callable[[Path, object], tuple[Path, Path]]:
    def make(tmp: Path, mount) -> tuple[Path, Path]:
        (tmp / "data").mkdir()
        (tmp / "data" / CONFIG_NAME).write_text(f'kiosk_id = "kiosk-test"\n{text}\n', "utf-8")
        return tmp / "data", tmp / "data" / CONFIG_NAME
    make.__name__ = text
    return make


def settings_are_a_folder(tmp: Path, mount) -> tuple[Path, Path]:
    (tmp / "data" / CONFIG_NAME).mkdir(parents=True)
    return tmp / "data", tmp / "data" / CONFIG_NAME


FOLDER_AND_SETTINGS = {
    "folder is a file": folder_is_a_file,
    "folder under a file": folder_under_a_file,
    "settings syntax": settings("site_name = "),
    "settings wrong type": settings("idle_timeout_s = \"60\""),
    "settings unknown key": settings("colour = \"red\""),
    "settings unknown region": settings("phone_region = \"XX\""),
    "settings unknown badge format": settings("[printing]\nbadge_format = \"letter\""),
    "settings duplicate languages": settings("languages = [\"nb\", \"nb\"]"),
    "settings empty site id": settings("site_id = \"\""),
    "settings are a folder": settings_are_a_folder,
}
#: Faults of a folder or database the command must write to.
STORAGE = {
    "folder cannot be created": folder_cannot_be_created,
    "folder read-only": folder_read_only,
    "disk full": disk_full,
    "database garbage": database_garbage,
    "database corrupt": database_corrupt,
    "database is a folder": database_is_a_folder,
}


def notice_dir(tmp: Path) -> Path:
    """The company's own notice, as `setup --notice-dir` expects it."""
    folder = tmp / "notices"
    folder.mkdir(exist_ok=True)
    for language in ("nb", "en"):
        (folder / f"notice.{language}.md").write_text(
            f"version: fjord-1\nupdated: 2026-12-01\n---\n# Fjord AS ({language})\n", "utf-8")
    return folder


#: Every command, run the way an admin would. Badge and print never open the database, so
#: only folder and settings faults concern them (test_badge_needs_no_database shows it).
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "demo": lambda tmp: ["demo", "--visits", "3"],
    "setup": lambda tmp: ["setup", "--company", "Fjord AS", "--site", "Bergen",
                          "--notice-dir", str(notice_dir(tmp))],
    "reprint": lambda tmp: ["reprint"],
    "badge": lambda tmp: ["badge", "--name", "Åse Lie", "--out", str(tmp / "badge.pdf")],
    "print": lambda tmp: ["print", "--test-page", "--printer", "kiosk-faults-no-such-printer"],
    "visit": lambda tmp: ["visit", "sign-out", "VAAAAAAAAAAAAAAAA"],
    "on-site": lambda tmp: ["on-site", "--json"],
    "events": lambda tmp: ["events", "list"],
    "checkin": lambda tmp: ["checkin", "--event", "no-such-event", "DEMO0000001"],
    "attendees": lambda tmp: ["attendees", "import", "--event", "no-such-event",
                              str(tmp / "missing.csv")],
    "audit": lambda tmp: ["audit", "verify"],
    "purge": lambda tmp: ["purge", "--dry-run"],
    "admin": lambda tmp: ["admin", "set-pin", "--pin-stdin"],
    "export": lambda tmp: ["export", "visits", "--from", "2026-01-01", "--to", "2026-12-31",
                           "--format", "csv", "--out", str(tmp / "badge.pdf")],
    "record-of-processing": lambda tmp: ["record-of-processing", "--format", "md",
                                         "--out", str(tmp / "badge.pdf")],
    "stats": lambda tmp: ["stats"],
    "subject": lambda tmp: ["subject", "export", "--email", "ola@example.com",
                            "--out", str(tmp / "badge.pdf")],
    "enroll": lambda tmp: ["enroll", "--server", "https://127.0.0.1:9", "--code", "ABCD-EFGH"],
    "sync": lambda tmp: ["sync"],
    "server": lambda tmp: ["server", "enroll", "--site", "oslo-hq"],
}
USES_DATABASE = set(COMMANDS) - {"badge", "print"}

#: The central service keeps its own database and no kiosk settings: only its folder matters.
CENTRAL = {"server"}
FOLDER = ("folder is a file", "folder under a file", "folder cannot be created", "folder read-only")
CASES = [(command, fault) for command in sorted(set(COMMANDS) - CENTRAL)
         for fault in FOLDER_AND_SETTINGS] + [
    (command, fault) for command in sorted(USES_DATABASE - CENTRAL) for fault in STORAGE] + [
    (command, fault) for command in sorted(CENTRAL) for fault in FOLDER]
FAULTS = {**FOLDER_AND_SETTINGS, **STORAGE}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, input="482916\n",
                          text=True, timeout=timeout, env={**os.environ, "LC_ALL": "C.UTF-8"})


def assert_admin_message(code: int, stderr: str, named: Path) -> None:
    assert "Traceback" not in stderr, stderr
    assert code == 2, stderr
    assert str(named) in stderr, stderr
    assert "Please ask reception" not in stderr


def test_every_command_is_covered() -> None:
    from tests.test_cli import commands

    assert set(commands()) <= set(COMMANDS), "add the new command to COMMANDS in tests/test_faults.py"


@pytest.mark.parametrize("command, fault", CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_command_meets_fault_with_one_admin_message(tmp_path, mounts, command, fault) -> None:
    data_dir, named = FAULTS[fault](tmp_path, mounts)
    result = run("--data-dir", str(data_dir), *COMMANDS[command](tmp_path))
    assert_admin_message(result.returncode, result.stderr, named)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "badge.pdf").exists()


def start_kiosk(data_dir: Path, tmp_path: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8"}
    return subprocess.Popen([sys.executable, "main.py", "--data-dir", str(data_dir), *extra,
                             "--windowed"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=open(tmp_path / "stderr", "w"))


def wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not condition():
        assert time.monotonic() < deadline, "the kiosk did not get there in time"
        time.sleep(0.1)


@pytest.mark.parametrize("fault", list(FAULTS))
def test_kiosk_start_meets_fault_out_of_service(tmp_path, mounts, fault) -> None:
    """The visitor sees the out-of-service screen; the admin's reason goes to the log."""
    data_dir, named = FAULTS[fault](tmp_path, mounts)
    kiosk = start_kiosk(data_dir, tmp_path)
    log = tmp_path / "stderr"
    wait_for(lambda: str(named) in log.read_text() or kiosk.poll() is not None)
    kiosk.send_signal(signal.SIGTERM)
    code = kiosk.wait(timeout=START_TIMEOUT_S)
    assert_admin_message(code, log.read_text(), named)


def test_the_admin_reads_the_fault_in_the_chosen_language(tmp_path, mounts) -> None:
    data_dir, named = database_garbage(tmp_path, mounts)
    result = run("--lang", "nb", "--data-dir", str(data_dir), "demo")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{named} er ikke en database eller er skadet; hent tilbake en "
                                     "sikkerhetskopi eller flytt den bort (da starter kiosken en ny).")


@pytest.mark.parametrize("args", [["--data-dir", ""], ["--data-dir", "  "]])
def test_an_empty_data_folder_is_refused(tmp_path, args) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args, "demo"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "--data-dir is empty" in result.stderr
    assert list(tmp_path.iterdir()) == [], "nothing may be written to the current folder"


@pytest.mark.parametrize("args, named", [
    (["demo", "--visits", "-1"], "--visits"),
    (["demo", "--visits", "100001"], "--visits"),
    (["demo", "--days", "0"], "--days"),
    (["demo", "--days", "99999"], "--days"),
])
def test_numbers_out_of_range_are_refused(tmp_path, args, named) -> None:
    result = run("--data-dir", str(tmp_path / "data"), *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{named} must be between ")
    assert not (tmp_path / "data").exists(), "bad input changes nothing"


@pytest.mark.parametrize("fault", ["folder cannot be created", "folder read-only", "database garbage",
                                   "database is a folder"])
def test_badge_needs_no_database(tmp_path, mounts, fault) -> None:
    data_dir, _ = FAULTS[fault](tmp_path, mounts)
    result = run("--data-dir", str(data_dir), *COMMANDS["badge"](tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "badge.pdf").read_bytes().startswith(b"%PDF")


def test_a_full_disk_leaves_no_truncated_badge(tmp_path, mounts) -> None:
    disk = mounts(tmp_path / "disk", "64k")
    (disk / "badge.pdf").write_bytes(b"%PDF the old badge")
    fill(disk)
    result = run("--data-dir", str(tmp_path / "data"), "badge", "--name", "Åse Lie",
                 "--out", str(disk / "badge.pdf"))
    assert_admin_message(result.returncode, result.stderr, disk / "badge.pdf")
    assert (disk / "badge.pdf").read_bytes() == b"%PDF the old badge"
    assert sorted(p.name for p in disk.iterdir()) == ["badge.pdf", "filler"]


def test_a_full_disk_leaves_no_truncated_settings(tmp_path, mounts) -> None:
    disk = mounts(tmp_path / "disk", "64k")
    (disk / "data").mkdir()
    fill(disk)
    result = run("--data-dir", str(disk / "data"), "demo")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "disk is full" in result.stderr
    assert [p.name for p in (disk / "data").iterdir() if "toml" in p.name] == []


def test_the_data_folder_and_its_files_are_private(tmp_path) -> None:
    data_dir = tmp_path / "data"
    result = run("--data-dir", str(data_dir), "demo", "--visits", "2")
    assert result.returncode == 0, result.stderr
    service = open_service(data_dir)  # open, so that -wal and -shm exist
    try:
        modes = {p.name: p.stat().st_mode & 0o777 for p in data_dir.iterdir()}
        assert modes == {name: 0o600 for name in (CONFIG_NAME, DATABASE_NAME, f"{DATABASE_NAME}-wal",
                                                   f"{DATABASE_NAME}-shm")}
        assert data_dir.stat().st_mode & 0o777 == 0o700
    finally:
        service.db.close()


def test_sigterm_stops_the_kiosk_cleanly(tmp_path) -> None:
    """systemd stops a service with SIGTERM: exit 0, no traceback, the database whole."""
    kiosk = start_kiosk(tmp_path / "data", tmp_path)
    wait_for(lambda: (tmp_path / "data" / "kiosk.sqlite3-wal").exists() or kiosk.poll() is not None)
    time.sleep(1)  # let the window come up and the worker start loading printing
    kiosk.send_signal(signal.SIGTERM)
    assert kiosk.wait(timeout=START_TIMEOUT_S) == 0
    stderr = (tmp_path / "stderr").read_text()
    assert "Traceback" not in stderr and "Signal source has been deleted" not in stderr
    assert run("--data-dir", str(tmp_path / "data"), "demo").returncode == 0


def test_sigint_stops_the_kiosk_cleanly(tmp_path) -> None:
    kiosk = start_kiosk(tmp_path / "data", tmp_path)
    wait_for(lambda: (tmp_path / "data" / "kiosk.sqlite3-wal").exists() or kiosk.poll() is not None)
    kiosk.send_signal(signal.SIGINT)
    assert kiosk.wait(timeout=START_TIMEOUT_S) == 0
    assert "Traceback" not in (tmp_path / "stderr").read_text()
