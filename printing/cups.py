"""Printing through CUPS, and following each job to its end.

The PDF goes to CUPS in one IPP request from memory (printing.ipp), so no badge
file is ever written on the kiosk; `ipptool` reads the job's state. A job is
done when CUPS says "completed", or when CUPS no longer knows it while its printer is not stopped:
a print server that keeps no job history (PreserveJobHistory No, as a kiosk's
must) forgets a job the moment it ends. A stopped printer, an aborted or
cancelled job, or a job still waiting when the time is up (queued on an idle
printer that never takes it, or stuck on one that never answers) is a failure
with the printer's own reason, and the job is cancelled so a late badge cannot
come out for someone who has left.
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from printing import ipp

#: How long a hand-off, `lpstat` or `ipptool` may take before the print system counts as down.
COMMAND_TIMEOUT_S = 10.0
_ATTRIBUTE = re.compile(r"^\s+([a-z0-9-]+) \([^)]*\) = (.*)$")
_STATUS = re.compile(r"^\s+status-code = (\S+)")
#: What `job_state` reports for a job the print server no longer knows.
GONE = "gone"


@dataclass(frozen=True)
class JobResult:
    printer: str
    printed: bool
    #: The print system's reason when not printed (in its language, for reception and the log).
    reason: str = ""
    job_id: int | None = None
    #: Seconds from hand-off to CUPS until it accepted the job: the kiosk's share of the wait.
    handoff_s: float = 0.0


class Cups:
    """The print system of this machine (or of CUPS_SERVER), through IPP, lpstat and ipptool."""

    def __init__(self, job_timeout_s: float = 20.0, poll_s: float = 0.1,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.job_timeout_s = job_timeout_s
        self.poll_s = poll_s
        self._sleep = sleep
        self._monotonic = monotonic

    def _run(self, args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(args, input=data, capture_output=True, timeout=COMMAND_TIMEOUT_S,
                              check=False, env={**os.environ, "LC_ALL": "C"})

    @staticmethod
    def _text(raw: bytes) -> str:
        return " ".join(raw.decode("utf-8", "replace").split())

    def _server(self) -> str:
        server = os.environ.get("CUPS_SERVER", "")
        return server if server and not server.startswith("/") else "localhost"

    def default_destination(self) -> str | None:
        """The printer CUPS prints to when none is named, or None."""
        try:
            result = self._run(["lpstat", "-d"])
        except (OSError, subprocess.SubprocessError):
            return None
        match = re.search(r"system default destination: (\S+)", result.stdout.decode(errors="replace"))
        return match.group(1) if match else None

    def printers(self) -> list[str]:
        """The printers CUPS knows, for the settings screen."""
        try:
            result = self._run(["lpstat", "-e"])
        except (OSError, subprocess.SubprocessError):
            return []
        return result.stdout.decode(errors="replace").split()

    def _attributes(self, uri: str, test: str) -> dict[str, str]:
        try:
            result = self._run(["ipptool", "-t", "-v", uri, test])
        except (OSError, subprocess.SubprocessError):
            return {}
        found: dict[str, str] = {}
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            match = _ATTRIBUTE.match(line) or _STATUS.match(line)
            if match and match.re is _STATUS:
                found.setdefault("status-code", match.group(1))
            elif match:
                found.setdefault(match.group(1), match.group(2).strip())
        return found

    def job_state(self, job_id: int) -> dict[str, str]:
        """The job's attributes; `job-state` is GONE when the print server no longer has it."""
        found = self._attributes(f"ipp://{self._server()}/jobs/{job_id}", "get-job-attributes.test")
        if found.get("status-code") == "client-error-not-found":
            found["job-state"] = GONE
        return found

    def printer_state(self, printer: str) -> dict[str, str]:
        return self._attributes(f"ipp://{self._server()}/printers/{printer}",
                                "get-printer-attributes.test")

    def cancel(self, job_id: int) -> None:
        try:
            self._run(["cancel", str(job_id)])
        except (OSError, subprocess.SubprocessError):
            pass  # the job ends with the print system anyway; nothing more to do

    def submit(self, printer: str, pdf: bytes, title: str,
               options: tuple[tuple[str, str], ...] = ()) -> JobResult:
        """Hand the PDF to CUPS over IPP with the stock's job options; a JobResult with the
        job id, or the refusal in the print server's words."""
        started = self._monotonic()
        try:
            answer = ipp.print_job(printer, pdf, title, options, COMMAND_TIMEOUT_S)
        except ipp.IppError as exc:
            return JobResult(printer, False, f"the print system did not answer: {exc}")
        handoff = self._monotonic() - started
        if not answer.ok or answer.job_id is None:
            reason = answer.message or f"refused by the print server (IPP status {answer.status:#06x})"
            return JobResult(printer, False, reason, handoff_s=handoff)
        return JobResult(printer, False, job_id=answer.job_id, handoff_s=handoff)

    def _printer_reason(self, printer: str, fallback: str) -> str:
        state = self.printer_state(printer)
        return state.get("printer-state-message") or fallback

    def follow(self, submitted: JobResult) -> JobResult:
        """Wait until the job completes or fails; never longer than the job timeout."""
        assert submitted.job_id is not None
        job_id, printer = submitted.job_id, submitted.printer
        deadline = self._monotonic() + self.job_timeout_s
        last_message = ""
        while True:
            job = self.job_state(job_id)
            state = job.get("job-state", "")
            last_message = job.get("job-printer-state-message") or last_message
            if state == GONE:
                return self._forgotten(submitted, last_message)
            if state == "completed":
                return JobResult(printer, True, "", job_id, submitted.handoff_s)
            if state in ("canceled", "aborted"):
                reason = last_message or job.get("job-state-reasons", "") or f"job {state}"
                return JobResult(printer, False, f"job {state}: {reason}", job_id,
                                 submitted.handoff_s)
            if state in ("pending", "pending-held", ""):
                printer_attributes = self.printer_state(printer)
                if printer_attributes.get("printer-state") == "stopped":
                    self.cancel(job_id)
                    reason = printer_attributes.get("printer-state-message") or "printer stopped"
                    return JobResult(printer, False, f"printer stopped: {reason}", job_id,
                                     submitted.handoff_s)
            if self._monotonic() >= deadline:
                self.cancel(job_id)
                reason = last_message or self._printer_reason(printer, f"job {state or 'unknown'}")
                return JobResult(printer, False,
                                 f"not printed within {self.job_timeout_s:g} s: {reason}", job_id,
                                 submitted.handoff_s)
            self._sleep(self.poll_s)

    def _forgotten(self, submitted: JobResult, last_message: str) -> JobResult:
        """A job CUPS no longer knows has ended. Without job history CUPS cannot say how; a
        printer that stopped on it failed it (its error policy), otherwise it came out."""
        printer = self.printer_state(submitted.printer)
        if printer.get("printer-state") == "stopped":
            reason = printer.get("printer-state-message") or last_message or "printer stopped"
            return JobResult(submitted.printer, False, f"printer stopped: {reason}",
                             submitted.job_id, submitted.handoff_s)
        return JobResult(submitted.printer, True, "", submitted.job_id, submitted.handoff_s)

    def print_pdf(self, printer: str, pdf: bytes, title: str,
                  options: tuple[tuple[str, str], ...] = ()) -> JobResult:
        """Submit and follow one job."""
        submitted = self.submit(printer, pdf, title, options)
        if submitted.job_id is None:
            return submitted
        return self.follow(submitted)
