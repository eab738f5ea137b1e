"""The badge preview: the printed PDF itself, rasterised, so what the visitor sees is what prints."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument


class BadgePreview:
    """Rasterises badges for the screen, on the worker thread that prints them.

    One document serves every preview. Qt starts its PDF engine with the first
    document alive and stops it with the last; each restart kept about 20 kB, so a
    fresh document per badge grew a kiosk by tens of megabytes a day.
    """

    def __init__(self) -> None:
        self._document: QPdfDocument | None = None

    def image(self, pdf: bytes, box: QSize) -> QImage:
        """The first page scaled to fit `box`, portrait or landscape; a null image for a bad PDF."""
        if self._document is None:
            self._document = QPdfDocument()  # made on the worker, which alone uses it
        buffer = QBuffer()
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        try:
            self._document.load(buffer)
            if self._document.status() != QPdfDocument.Status.Ready or self._document.pageCount() == 0:
                return QImage()
            size = self._document.pagePointSize(0).toSize().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
            return self._document.render(0, size)
        finally:
            self._document.close()
            buffer.close()
