"""One school's loaded report: its indicators with numerators and denominators, the file, who loaded it
and when (opened by a click on the school's value in the summary)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from app.services.municipality.school_report import LoadedReport
from app.ui.widgets.common import rows_view
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy


class SchoolReportDialog(QDialog):
    def __init__(self, report: LoadedReport, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Отчёт школы — {report.school}")
        self.resize(900, 520)
        source = "форма заполнена вручную" if report.source == "hand" else "выгружен из ПрофТрека"
        made = f", составлен {report.made_on:%d.%m.%Y}" if report.made_on else ""
        info = QLabel(f"<b>{report.school}</b><br>{report.set_title}, {report.year_title} учебный год<br>"
                      f"Файл «{report.file_name}» ({source}{made}); загружен {report.loaded_at:%d.%m.%Y %H:%M}, "
                      f"{report.loaded_by}" + (f"<br>Исполнитель: {report.coordinator}" if report.coordinator else ""))
        info.setWordWrap(True)
        self.model = RowsTableModel([
            Column("№", lambda r: r.code),
            Column("Показатель", lambda r: r.name),
            Column("Значение", lambda r: r.display, align_right=True),
            Column("Числитель", lambda r: r.numerator if r.measure != "count" else None, align_right=True),
            Column("Знаменатель", lambda r: r.denominator, align_right=True),
            Column("Ед. изм.", lambda r: r.unit),
        ], self)
        self.model.set_rows(report.lines)
        proxy = RussianSortFilterProxy(self)
        proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(rows_view(proxy, name="school_report_view", stretch=1))
