"""A real CUPS with virtual PDF printers (cups-pdf), for tests that print.

CI starts from nothing, so the session starts cupsd itself when none is
running (keeping neither job files nor job history, as a kiosk's print server
must) and leaves it running: the machine's CUPS is shared by every test run on
it, and stopping it would pull it from under the others. The printers get names of their own
(with this process's id) and are removed at the end, so a developer's printers
are left alone; no test prints to the machine's default printer.

A badge's job title names nothing (see printing.service.job_title), so tests
find a printed badge by its QR code, the way reception would check it.
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
CUPSD_CONF = Path("/etc/cups/cupsd.conf")
START_TIMEOUT_S = 30.0
OUTPUT_TIMEOUT_S = 30.0
#: What a kiosk's print server must not keep once a badge is out (cupsd.conf directives).
NOTHING_KEPT = ("PreserveJobFiles No", "PreserveJobHistory No")


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=check,
                          env={**os.environ, "LC_ALL": "C"})


def _scheduler_running() -> bool:
    return "scheduler is running" in _run("lpstat", "-r", check=False).stdout


def codes_in(pdf: Path) -> list[str]:
    """The QR codes on a PDF's pages, read from a 300 dpi raster as a scanner would."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf), f"{folder}/p"],
                       check=True, capture_output=True, timeout=60)
        return [code.text for image in sorted(Path(folder).glob("p*.png"))
                for code in zxingcpp.read_barcodes(Image.open(image).convert("L"))]


def _complete(path: Path) -> bool:
    try:
        return path.read_bytes().rstrip().endswith(b"%%EOF")
    except OSError:
        return False


def cupsd_config(folder: Path) -> Path:
    """The machine's cupsd.conf with job files and history switched off, for a cupsd of our own.
    It stays in `folder`, since cupsd reads it again when told to reload."""
    base = CUPSD_CONF.read_text(errors="replace") if CUPSD_CONF.exists() else ""
    keep = [line for line in base.splitlines()
            if not re.match(r"^\s*PreserveJob(Files|History)\b", line)]
    conf = folder / "cupsd.conf"
    conf.write_text("\n".join([*keep, *NOTHING_KEPT, ""]))
    return conf


def cups_pdf_output_dir() -> Path:
    """Where cups-pdf writes the jobs of this user: the `Out` setting, ${HOME} expanded."""
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(errors="replace").splitlines():
            match = re.match(r"^\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    home = pwd.getpwuid(os.getuid()).pw_dir
    user = pwd.getpwuid(os.getuid()).pw_name
    return Path(out.replace("${HOME}", home).replace("${USER}", user))


@dataclass
class CupsPdf:
    """The test printers: `ok` prints to PDF files, the others fail in the ways printers do."""

    prefix: str
    output_dir: Path
    names: list[str] = field(default_factory=list)

    def add(self, suffix: str, device: str = "cups-pdf:/", *options: str) -> str:
        name = f"{self.prefix}-{suffix}"
        args = ["lpadmin", "-p", name, "-E", "-v", device]
        if device.startswith("cups-pdf"):
            args += ["-P", CUPS_PDF_PPD]
        _run(*args, *options)
        self.names.append(name)
        return name

    @property
    def ok(self) -> str:
        return f"{self.prefix}-ok"

    @property
    def stopped(self) -> str:
        return f"{self.prefix}-stopped"

    @property
    def rejecting(self) -> str:
        return f"{self.prefix}-rejecting"

    @property
    def unreachable(self) -> str:
        return f"{self.prefix}-unreachable"

    @property
    def held(self) -> str:
        return f"{self.prefix}-held"

    def output(self, title_part: str, timeout: float = OUTPUT_TIMEOUT_S) -> Path:
        """The PDF cups-pdf wrote for a job whose title contains `title_part`, once complete."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.output_dir.glob(f"*{title_part}*.pdf"):
                if _complete(path):
                    return path
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote no file for {title_part} in {self.output_dir}")

    def badge(self, token: str, since: float, timeout: float = OUTPUT_TIMEOUT_S) -> Path:
        """The badge cups-pdf wrote after `since` (a time.time()) whose QR code is `token`."""
        deadline = time.monotonic() + timeout
        read: set[Path] = set()
        while time.monotonic() < deadline:
            for path in self.output_dir.glob("kiosk-badge-*.pdf"):
                try:
                    fresh = path.stat().st_mtime >= since - 1
                except OSError:  # another test took its own badge away
                    continue
                if path in read or not fresh or not _complete(path):
                    continue
                read.add(path)
                if token in codes_in(path):
                    return path
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote no badge with the code {token} in {self.output_dir}")


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsPdf]:
    """A running CUPS with five printers: ok, stopped (disabled), rejecting, unreachable, and
    held (it takes jobs and keeps them queued while it stays idle)."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat", "ipptool"):
        assert shutil.which(tool), f"{tool} is missing: run .ci/setup"
    if not _scheduler_running():
        config_dir = Path(tempfile.gettempdir()) / "kiosk-tests-cupsd"
        config_dir.mkdir(exist_ok=True)
        # Without -f cupsd detaches once it listens; it outlives this run on purpose.
        _run("cupsd", "-c", str(cupsd_config(config_dir)), check=False)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _scheduler_running():
            assert time.monotonic() < deadline, "cupsd did not start"
            time.sleep(0.2)
    printers = CupsPdf(f"kiosktest{os.getpid()}", cups_pdf_output_dir())
    try:
        printers.add("ok")
        printers.add("stopped")
        _run("cupsdisable", "-r", "Out of labels", printers.stopped)
        printers.add("rejecting")
        _run("cupsreject", "-r", "Closed for maintenance", printers.rejecting)
        # Nothing listens on the discard port: the job waits for a printer that never answers.
        printers.add("unreachable", "socket://127.0.0.1:9")
        printers.add("held", "cups-pdf:/", "-o", "job-hold-until-default=indefinite")
        yield printers
    finally:
        for name in printers.names:
            _run("cancel", "-a", name, check=False)
            _run("lpadmin", "-x", name, check=False)
