"""The badge preview: the printed PDF itself, rasterised, so what the visitor sees is what prints."""
from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument


def pdf_to_image(pdf: bytes, height: int) -> QImage:
    """The first page scaled to `height` pixels; safe to call off the UI thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        return QImage()
    page = document.pagePointSize(0)
    width = round(height * page.width() / page.height())
    image = document.render(0, QSize(width, height))
    document.close()
    return image
