"""What a label printer would put on the label: Debian's real drivers run by `cupsfilter`,
their output decoded into an image, so a test can look at the printed dots.

- Brother QL (printer-driver-ptouch): the whole chain down to the printer's own
  language (foomatic-rip, Ghostscript, rastertoptch), decoded from its raster
  commands; the job's media header says what stock the printer is told to expect.
- Dymo LabelWriter (printer-driver-dymo): the CUPS raster that raster2dymolw sends
  line by line to the print head.
"""
from __future__ import annotations

import os
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

DRIVERS = Path("/usr/lib/cups/driver")
BROTHER_QL_570 = ("ptouch", "ptouch:0/ppd/ptouch-driver/Brother-QL-570-ptouch-ql.ppd")
DYMO_LABELWRITER_450 = ("dymo", "dymo:0/cups/model/lw450.ppd")
#: Print head of the QL series: 720 dots, sent as 90 bytes a line.
QL_LINE_BYTES = 90
_RASTER_HEADER = 1796


@dataclass(frozen=True)
class LabelJob:
    """A page as the driver prints it, turned so it reads like the badge's PDF page."""

    image: Image.Image
    dpi: int
    #: Brother's print information (ESC i z): media type byte, width and length in mm.
    media: tuple[int, int, int] | None = None


def ppd(driver: tuple[str, str], folder: Path) -> Path:
    """The PPD the driver generates for a model, as CUPS would install it."""
    name, uri = driver
    program = DRIVERS / name
    assert program.exists(), f"{program} is missing: run .ci/setup (printer-driver-{name})"
    out = folder / f"{name}.ppd"
    out.write_bytes(subprocess.run([str(program), "cat", uri], capture_output=True, check=True,
                                   timeout=60).stdout)
    return out


def cupsfilter(ppd_file: Path, pdf: Path, options: tuple[tuple[str, str], ...],
               mime: str) -> bytes:
    """Run the PPD's filters on the PDF with the job options `lp -o` would pass."""
    flags = [flag for name, value in options for flag in ("-o", f"{name}={value}")]
    result = subprocess.run(["cupsfilter", "-e", "-p", str(ppd_file), "-m", mime, *flags, str(pdf)],
                            capture_output=True, timeout=120, env={**os.environ, "LC_ALL": "C"})
    assert result.returncode == 0 and result.stdout, result.stderr.decode(errors="replace")[-2000:]
    return result.stdout


def brother_ql(data: bytes) -> LabelJob:
    """Decode a QL job (invalidate, ESC @, ESC i z media, raster lines `g`/`Z`, print)."""
    i, lines, media = 0, [], None
    while i < len(data) and data[i] == 0:
        i += 1
    while i < len(data):
        byte = data[i]
        if byte == 0x1B:
            command = data[i + 1:i + 3]
            if command[:1] == b"@":
                i += 2
            elif command == b"iz":
                info = data[i + 3:i + 13]
                media = (info[1], info[2], info[3])
                i += 13
            elif command == b"id":
                i += 5
            elif command in (b"iM", b"iK", b"ia", b"iA"):
                i += 4
            else:
                raise AssertionError(f"unknown QL command {data[i:i + 4].hex()}")
        elif byte == ord("g"):
            length = data[i + 2]
            lines.append(data[i + 3:i + 3 + length].ljust(QL_LINE_BYTES, b"\0"))
            i += 3 + length
        elif byte == ord("Z"):
            lines.append(bytes(QL_LINE_BYTES))
            i += 1
        elif byte == ord("M"):
            assert data[i + 1] == 0, "a compressed QL job; decode TIFF runs first"
            i += 2
        elif byte in (0x0C, 0x1A):
            i += 1
        else:
            raise AssertionError(f"unknown QL byte {byte:#x} at {i}")
    # A set bit is a burnt dot; the head's first dot is on the label's right-hand side.
    image = ImageOps.invert(Image.frombytes("1", (QL_LINE_BYTES * 8, len(lines)),
                                            b"".join(lines)).convert("L"))
    # Lines run along the label from its leading edge: turn it so the page reads as drawn.
    return LabelJob(ImageOps.mirror(image).rotate(270, expand=True), 300, media)


def cups_raster(data: bytes) -> LabelJob:
    """The first page of an uncompressed CUPS raster (version 3), turned to read as drawn."""
    order = {b"3SaR": "<", b"RaS3": ">"}.get(data[:4])
    assert order, f"not an uncompressed CUPS raster: {data[:4]!r}"
    header = data[4:4 + _RASTER_HEADER]
    dpi, _ = struct.unpack(order + "II", header[276:284])
    width, height = struct.unpack(order + "II", header[372:380])
    bits, line_bytes = struct.unpack(order + "I", header[388:392])[0], \
        struct.unpack(order + "I", header[392:396])[0]
    body = data[4 + _RASTER_HEADER:4 + _RASTER_HEADER + line_bytes * height]
    mode = {1: "1", 8: "L", 24: "RGB"}[bits]
    image = Image.frombytes(mode, (width, height), body, "raw", {1: "1;I"}.get(bits, mode))
    return LabelJob(image.convert("L").rotate(270, expand=True), dpi)
