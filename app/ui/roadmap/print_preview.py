"""«Печать…»: the same PDF the program saves, shown page by page (QtPdf), printed through the system's
print dialog, or saved."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from app.services.calendar import year_title
from app.services.roadmap.printing import PrintOptions, export_roadmap, record_roadmap_output
from app.ui.operations import run_operation
from app.ui.widgets.file_dialogs import ask_save_file


class PrintPreviewDialog(QDialog):
    def __init__(self, ctx, roadmap_id: int, parent: QWidget | None = None, *,
                 suggested_name: str = "Дорожная карта.pdf"):
        super().__init__(parent)
        self.ctx, self.roadmap_id = ctx, roadmap_id
        self.setWindowTitle("Печать дорожной карты")
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1100, screen.width() - 40), min(760, screen.height() - 60))
        self.folder = Path(tempfile.mkdtemp(prefix="proftrack-print-"))
        self.pdf_path = self.folder / "Дорожная карта.pdf"
        self.suggested_name = suggested_name
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.with_status = QCheckBox(f"со столбцом «Отметка о выполнении» за {year_title(ctx.year)}"
                                     if ctx.year else "со столбцом «Отметка о выполнении»")
        self.with_status.setEnabled(ctx.year is not None)
        self.with_status.toggled.connect(self.render)
        self.pages = QLabel("")
        self.print_button = QPushButton("Печать…")
        self.print_button.clicked.connect(self.print_document)
        save = QPushButton("Сохранить PDF…")
        save.clicked.connect(self.save_pdf)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.with_status)
        bar.addWidget(self.pages)
        bar.addStretch(1)
        bar.addWidget(save)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.render()

    def options(self) -> PrintOptions:
        return PrintOptions(status_year=self.ctx.year if self.with_status.isChecked() else None)

    def render(self) -> None:
        self.document.close()
        options, path = self.options(), self.pdf_path

        def done(_result) -> None:
            self.document.load(str(path))
            self.pages.setText(f"Страниц: {self.document.pageCount()}")

        run_operation(self, lambda progress, cancelled: export_roadmap(self.ctx.uow(), self.roadmap_id, path,
                                                                       options=options, audit_as=None),
                      title="Подготовка документа…", on_success=done)

    def save_pdf(self) -> None:
        name = ask_save_file(self, "Сохранить дорожную карту", self.suggested_name, "PDF (*.pdf)",
                             kind="roadmap_export", suffix=".pdf")
        if name:
            try:
                shutil.copyfile(self.pdf_path, name)
            except OSError:
                QMessageBox.warning(self, "Сохранение", f"Файл «{name}» не удалось записать: он открыт в другой "
                                                        "программе или папка недоступна.")
                return
            record_roadmap_output(self.ctx.uow(), self.roadmap_id, "roadmap.export", Path(name).name)

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Дорожная карта")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if print_pdf(self.document, printer):
            record_roadmap_output(self.ctx.uow(), self.roadmap_id, "roadmap.print", printer.printerName() or "принтер")

    def done(self, result: int) -> None:  # noqa: D401 - QDialog API
        self.document.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        super().done(result)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the PDF's pages onto the printer, each scaled to the printable area; returns pages printed."""
    from PySide6.QtGui import QPageLayout, QPageSize

    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                                      printer.pageLayout().margins()))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    count = document.pageCount()
    first, last = 0, count - 1
    if printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(printer.toPage() - 1, count - 1)
    printed = 0
    try:
        for page in range(first, last + 1):
            if printed:
                printer.newPage()
            area = painter.viewport()
            size = document.pagePointSize(page).toSize().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            dpi = printer.resolution()
            image = document.render(page, QSize(int(size.width() * min(dpi, 200) / dpi),
                                                int(size.height() * min(dpi, 200) / dpi)))
            painter.drawImage(QRect(area.topLeft(), size), image)
            printed += 1
    finally:
        painter.end()
    return printed


