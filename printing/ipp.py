"""Print-Job over IPP, straight to CUPS: the badge's hand-off costs a request, not a process.

Starting `lp` for each badge took 30-45 ms on a busy kiosk, most of it the
process and its client library starting; one HTTP request to cupsd takes 1-2 ms.
Only the one operation is spoken here (RFC 8011 encoding, version 2.0); reading
a job's state stays with `ipptool`, which is off the visitor's path.
"""
from __future__ import annotations

import getpass
import http.client
import os
import struct
from dataclasses import dataclass
from urllib.parse import quote

PRINT_JOB = 0x0002
IPP_PORT = 631
#: Delimiters and value tags (RFC 8010 section 3.5).
_OPERATION, _JOB, _END = 0x01, 0x02, 0x03
_INTEGER, _BOOLEAN, _ENUM = 0x21, 0x22, 0x23
_TEXT, _NAME, _KEYWORD, _URI, _CHARSET, _LANGUAGE, _MIME = (
    0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49)
#: Job options whose numbers are enums, not integers (RFC 8011 section 5.2).
_ENUMS = {"orientation-requested", "print-quality", "finishings"}


class IppError(Exception):
    """The print server could not be reached or did not speak IPP."""


@dataclass(frozen=True)
class Submitted:
    status: int
    message: str
    job_id: int | None

    @property
    def ok(self) -> bool:
        return self.status < 0x0100


def server() -> tuple[str, int]:
    """The CUPS server as CUPS_SERVER names it (a host, host:port), else this machine."""
    named = os.environ.get("CUPS_SERVER", "")
    if not named or named.startswith("/"):
        return "localhost", IPP_PORT
    host, _, port = named.rpartition(":") if named.count(":") == 1 else (named, "", "")
    return (host, int(port)) if port.isdigit() else (named, IPP_PORT)


def _attribute(tag: int, name: str, value: bytes) -> bytes:
    label = name.encode()
    return struct.pack(">BH", tag, len(label)) + label + struct.pack(">H", len(value)) + value


def _option(name: str, value: str) -> bytes:
    """A job option the way `lp -o` sends it: numbers, true/false, else a keyword."""
    if value.lstrip("-").isdigit():
        return _attribute(_ENUM if name in _ENUMS else _INTEGER, name, struct.pack(">i", int(value)))
    if value in ("true", "false"):
        return _attribute(_BOOLEAN, name, bytes([value == "true"]))
    return _attribute(_KEYWORD, name, value.encode())


def print_job_request(uri: str, title: str, options: tuple[tuple[str, str], ...],
                      document: bytes) -> bytes:
    """The encoded Print-Job request for a PDF, request id 1."""
    operation = b"".join((
        _attribute(_CHARSET, "attributes-charset", b"utf-8"),
        _attribute(_LANGUAGE, "attributes-natural-language", b"en"),
        _attribute(_URI, "printer-uri", uri.encode()),
        _attribute(_NAME, "requesting-user-name", getpass.getuser().encode()),
        _attribute(_NAME, "job-name", title.encode()),
        _attribute(_MIME, "document-format", b"application/pdf"),
    ))
    job = b"".join(_option(name, value) for name, value in options)
    return (struct.pack(">BBHI", 2, 0, PRINT_JOB, 1) + bytes([_OPERATION]) + operation
            + bytes([_JOB]) + job + bytes([_END]) + document)


def parse_response(data: bytes) -> Submitted:
    """The status, its message and the job id of a Print-Job response."""
    if len(data) < 9:
        raise IppError("the print server's answer is not IPP")
    status = struct.unpack(">H", data[2:4])[0]
    found: dict[str, bytes] = {}
    i, name = 8, ""
    while i < len(data) and data[i] != _END:
        tag = data[i]
        if tag < 0x10:  # a group delimiter
            i += 1
            continue
        name_length = struct.unpack(">H", data[i + 1:i + 3])[0]
        name = data[i + 3:i + 3 + name_length].decode(errors="replace") or name
        i += 3 + name_length
        value_length = struct.unpack(">H", data[i:i + 2])[0]
        found.setdefault(name, data[i + 2:i + 2 + value_length])
        i += 2 + value_length
    job_id = struct.unpack(">i", found["job-id"])[0] if len(found.get("job-id", b"")) == 4 else None
    return Submitted(status, found.get("status-message", b"").decode(errors="replace"), job_id)


def print_job(printer: str, pdf: bytes, title: str, options: tuple[tuple[str, str], ...],
              timeout: float) -> Submitted:
    """Send one PDF to a CUPS queue. Raises IppError when the server cannot be reached."""
    host, port = server()
    path = f"/printers/{quote(printer, safe='')}"
    body = print_job_request(f"ipp://{host}:{port}{path}", title, options, pdf)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("POST", path, body, {"Content-Type": "application/ipp"})
        response = connection.getresponse()
        if response.status != 200:
            raise IppError(f"HTTP {response.status} {response.reason}")
        return parse_response(response.read())
    except (OSError, http.client.HTTPException) as exc:
        raise IppError(str(exc)) from exc
    finally:
        connection.close()
