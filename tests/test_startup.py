"""What a kiosk loads before its welcome screen is up: nothing that only printing, the admin
console, exports, events or the central service need. Each is a fresh interpreter, as a kiosk
boots; the start time follows from what is loaded (bench/bench_startup.py has the figures)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Loaded later (printing, console, XLSX, camera) or never (the central service) in a kiosk.
HEAVY = ("openpyxl", "reportlab", "numpy", "zxingcpp", "fastapi", "sqlalchemy", "httpx",
         "email_validator", "printing.service", "ui.console.pages", "ui.screens.event")

START_AND_SHOW = """
import json, os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from kiosk.demo import ensure_site_and_notice, load_demo_hosts
from kiosk.service import open_service
from ui.launch import application, build_window
service = open_service(Path(sys.argv[1]))
ensure_site_and_notice(service)
load_demo_hosts(service)
app = application()
window = build_window(service)
window.show()
shown = window.isVisible() and window.current() is window.welcome
# A copy first: the lanes' threads may be importing while this list is made.
modules = dict(sys.modules)
print(json.dumps({"shown": shown, "loaded": sorted(m for m, loaded in modules.items() if loaded)}))
os._exit(0)
"""


def start_kiosk(data: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", START_AND_SHOW, str(data)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_welcome_screen_is_up_before_printing_console_exports_or_events_load(tmp_path):
    start = start_kiosk(tmp_path / "data")
    assert start["shown"]
    loaded = set(start["loaded"])
    assert "kiosk.service" in loaded and "ui.window" in loaded, "the kiosk itself did load"
    assert [name for name in HEAVY if name in loaded] == []


def test_numpy_stays_out_even_where_it_is_installed(tmp_path):
    """sqlite-utils would import it whenever present; the kiosk only stores text and numbers."""
    probe = subprocess.run([sys.executable, "-c", "import numpy"], capture_output=True)
    assert probe.returncode == 0, "this machine's image has numpy (for scipy)"
    assert "numpy" not in start_kiosk(tmp_path / "data")["loaded"]
