"""Every folder the console asks for: an empty one is refused (it used to mean the program's
working folder), a missing or wrong one is named, and one that cannot be written is named too."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.test_admin_console import console_window, open_page, unlocked  # noqa: F401 - fixture
from tests.test_faults import mounts  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS

#: Each field: its page, and how to start what it is for (the rights page first finds Åse).
FIELDS = {
    "export_folder": ("console_exports", "go"),
    "stats_folder": ("console_stats", "export"),
    "rights_folder": ("console_rights", "access"),
    "notice_folder": ("console_record", "check"),
}
WRITES = ("export_folder", "stats_folder", "rights_folder")


def field_page(qtbot, window, field: str):  # noqa: ANN001
    """The console unlocked at the field's page, ready for its button."""
    page = open_page(unlocked(qtbot, window), FIELDS[field][0])
    if field == "stats_folder":  # its figures load first, and say how many were hidden
        qtbot.waitUntil(lambda: page.figures is not None, timeout=WAIT_MS)
    if field == "rights_folder":
        page.query.setText("odegard")
        qtbot.mouseClick(page.find, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.found.count() == 1, timeout=WAIT_MS)
    assert page.folder.objectName() == field
    return page


def use_folder(qtbot, page, typed: str) -> str:  # noqa: ANN001
    """Type a folder into the page's field and tap its button; the page's message."""
    page.folder.setText(typed)
    page.status.setText("")
    qtbot.mouseClick(getattr(page, FIELDS[page.folder.objectName()][1]), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=WAIT_MS)
    return page.status.text()


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """The program's working folder, where an empty path used to write."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("typed", ["", "   "])
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_an_empty_folder_is_refused(qtbot, console_window, service, workdir, field, typed):  # noqa: F811
    page = field_page(qtbot, console_window, field)
    assert use_folder(qtbot, page, typed) == "Velg en mappe først."
    assert list(workdir.iterdir()) == []
    assert service.db.execute(
        "SELECT count(*) FROM audit_log WHERE action LIKE 'export.%' OR action LIKE 'subject.%' "
        "OR action LIKE 'notice.%'").fetchone()[0] == 0, "nothing exported, nothing recorded"


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_a_folder_that_is_not_there_is_named(qtbot, console_window, tmp_path, workdir, field):  # noqa: F811
    missing = tmp_path / "no such folder"
    page = field_page(qtbot, console_window, field)
    assert use_folder(qtbot, page, str(missing)) == (
        f"{missing} er ikke en mappe på denne kiosken; velg en som finnes.")
    (tmp_path / "a file").write_text("x")
    assert use_folder(qtbot, page, str(tmp_path / "a file")) == (
        f"{tmp_path / 'a file'} er ikke en mappe på denne kiosken; velg en som finnes.")
    assert use_folder(qtbot, page, "exports").startswith(
        "exports er ikke en fullstendig sti; oppgi hele stien, for eksempel /")
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize("field", WRITES)
def test_a_folder_that_cannot_be_written_is_named(qtbot, console_window, tmp_path, mounts,  # noqa: F811
                                                  field):
    read_only = mounts(tmp_path / "ro", "64k", "ro")
    message = use_folder(qtbot, field_page(qtbot, console_window, field), f" {read_only} ")
    assert message.startswith(str(read_only) + "/")
    assert message.endswith("kan ikke skrives: mangler tilgang, eller disken er skrivebeskyttet.")


@pytest.mark.parametrize("field", WRITES)
def test_a_good_folder_gets_the_file(qtbot, console_window, tmp_path, field):  # noqa: F811
    folder = tmp_path / "ut"
    folder.mkdir()
    message = use_folder(qtbot, field_page(qtbot, console_window, field), f"  {folder}  ")
    assert message.startswith(("Eksporterte", "Skrev ")) and str(folder) in message
    assert list(folder.iterdir())
