"""The badge preview: the printed PDF itself, rasterised, so what the visitor sees is what prints."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument


def pdf_to_image(pdf: bytes, box: QSize) -> QImage:
    """The first page scaled to fit `box`, portrait or landscape; safe to call off the UI thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        return QImage()
    size = document.pagePointSize(0).toSize().scaled(box, Qt.AspectRatioMode.KeepAspectRatio)
    image = document.render(0, size)
    document.close()
    return image
