"""A real CUPS with virtual PDF printers (cups-pdf), for tests that print.

CI starts from nothing, so the session starts cupsd itself when none is
running, and stops only the one it started. The printers get names of their
own (with this process's id) and are removed at the end, so a developer's
printers are left alone.
"""
from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
START_TIMEOUT_S = 30.0
OUTPUT_TIMEOUT_S = 30.0


def _run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=check,
                          env={**os.environ, "LC_ALL": "C"})


def _scheduler_running() -> bool:
    return "scheduler is running" in _run("lpstat", "-r", check=False).stdout


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

    def output(self, title_part: str, timeout: float = OUTPUT_TIMEOUT_S) -> Path:
        """The PDF cups-pdf wrote for a job whose title contains `title_part`, once complete."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in self.output_dir.glob(f"*{title_part}*.pdf"):
                data = path.read_bytes()
                if data.rstrip().endswith(b"%%EOF"):
                    return path
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote no file for {title_part} in {self.output_dir}")


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsPdf]:
    """A running CUPS with four printers: ok, stopped (disabled), rejecting, unreachable."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat", "ipptool"):
        assert shutil.which(tool), f"{tool} is missing: run .ci/setup"
    started: subprocess.Popen[bytes] | None = None
    if not _scheduler_running():
        started = subprocess.Popen(["cupsd", "-f"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _scheduler_running():
            assert started.poll() is None, "cupsd exited at start"
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
        yield printers
    finally:
        for name in printers.names:
            _run("cancel", "-a", name, check=False)
            _run("lpadmin", "-x", name, check=False)
        if started is not None:
            started.terminate()
            started.wait(timeout=30)
