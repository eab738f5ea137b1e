"""Tickets shown to a camera: frames are decoded with zxing-cpp on a lane of their own.

The UI thread only hands a frame over; decoding (10-40 ms a frame) happens off
it, and at most one frame waits at a time, so a fast camera never builds a
queue. The same path takes frames from QtMultimedia and from tests.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def decode(image: QImage) -> str | None:
    """The text of the first QR or barcode in a frame, if any."""
    import numpy as np
    import zxingcpp

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    if not width or not height:
        return None
    pixels = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * height)
    array = pixels.reshape(height, stride)[:, :width].copy()
    found = zxingcpp.read_barcodes(array)
    return found[0].text if found else None


class CameraDecoder(QObject):
    decoded = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lane = TaskRunner(lambda error: log.warning("frame not decoded: %s", error), self)
        self._busy = False
        self._session = None

    def feed(self, image: QImage) -> None:
        """Decode this frame unless one is still being decoded (then it is dropped)."""
        if self._busy or image.isNull():
            return
        self._busy = True
        frame = image.copy()  # the camera reuses its buffer
        self.lane.run(lambda: decode(frame), self._done, self._failed)

    def _done(self, text: str | None) -> None:
        self._busy = False
        if text:
            self.decoded.emit(text)

    def _failed(self, _error: Exception) -> None:
        self._busy = False

    def start_camera(self) -> bool:
        """Connect the first camera, if there is one; False when the kiosk has none."""
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        if not QMediaDevices.videoInputs():
            return False
        session = QMediaCaptureSession(self)
        camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        sink = QVideoSink(self)
        session.setCamera(camera)
        session.setVideoSink(sink)
        sink.videoFrameChanged.connect(lambda frame: self.feed(frame.toImage()))
        camera.start()
        self._session = (session, camera, sink)
        return True

    def stop(self) -> None:
        if self._session:
            self._session[1].stop()
            self._session = None
        self.lane.wait()
