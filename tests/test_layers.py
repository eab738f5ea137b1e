"""The domain, printing and sync run without a screen: no Qt, no imports from the screens."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    # Beside the interpreter running the tests: README's `.venv/bin/python -m pytest` leaves
    # .venv/bin off PATH.
    lint_imports = Path(sysconfig.get_path("scripts")) / "lint-imports"
    assert lint_imports.is_file(), "import-linter is a test dependency: pip install -e .[test]"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_contracts_forbid_qt_in_the_domain() -> None:
    """The contract the previous test runs really names Qt and the screens."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    assert config["include_external_packages"] is True
    forbidden = [c for c in config["contracts"] if c["type"] == "forbidden"]
    assert any({"kiosk", "printing", "sync"} <= set(c["source_modules"])
               and {"PySide6", "ui"} <= set(c["forbidden_modules"]) for c in forbidden)


IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
import kiosk, printing, sync
names = ["main"]
for package in (kiosk, printing, sync):
    names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names), "modules;", "Qt or screens loaded:", qt)
sys.exit(1 if qt else 0)
"""


def test_headless_modules_do_not_load_qt() -> None:
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Qt or screens loaded: []" in result.stdout
