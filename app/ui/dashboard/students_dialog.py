"""The students behind an indicator's number and those not yet covered, exportable to XLSX — the
coordinator's to-do list."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QTableView,
                               QTabWidget, QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators.students import StudentRow, StudentsBehind, export_students_behind, students_behind
from app.ui.operations import run_operation
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy
from app.services.files.names import document_name
from app.ui.widgets.file_dialogs import ask_save_file

COLUMNS = [
    Column[StudentRow]("ФИО", lambda r: r.full_name),
    Column[StudentRow]("Класс", lambda r: r.class_label, sort=lambda r: (int(r.class_label[:-1] or 0), r.class_label)),
    Column[StudentRow]("Часов за год", lambda r: r.hours, align_right=True, searchable=False),
]


class StudentsList(QWidget):
    def __init__(self, rows, parent=None):
        super().__init__(parent)
        self.model = RowsTableModel(COLUMNS, self)
        self.model.set_rows(rows)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии или классу")
        self.search.textChanged.connect(self.proxy.set_search)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 320)
        self.view.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view)


class StudentsBehindDialog(QDialog):
    def __init__(self, ctx, behind: StudentsBehind, parent=None):
        super().__init__(parent)
        self.ctx, self.behind = ctx, behind
        self.setWindowTitle(f"Показатель {behind.indicator_code} — обучающиеся")
        self.resize(720, 560)
        title = QLabel(f"<b>{behind.indicator_code}. {behind.indicator_name}</b><br>"
                       f"Учебный год {year_title(behind.year)}")
        title.setWordWrap(True)
        self.tabs = QTabWidget()
        self.covered = StudentsList(behind.covered)
        self.not_covered = StudentsList(behind.not_covered)
        self.tabs.addTab(self.covered, f"Учтены в показателе ({len(behind.covered)})")
        self.tabs.addTab(self.not_covered, f"Ещё не охвачены ({len(behind.not_covered)})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        self.export_button = buttons.addButton("Сохранить в Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setEnabled(ctx.can(Permission.EXPORT_PERSONAL_DATA))
        if not self.export_button.isEnabled():
            self.export_button.setToolTip("Недостаточно прав: выгрузка персональных данных.")
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def export(self) -> None:
        default = document_name(f"Показатель {self.behind.indicator_code}", "обучающиеся",
                                year_title(self.behind.year), suffix=".xlsx")
        out = ask_save_file(self, "Сохранить список", default, "Книга Excel (*.xlsx)", kind="report", suffix=".xlsx")
        if out is None:
            return
        run_operation(self, lambda progress, cancelled: export_students_behind(self.ctx.uow(), self.behind, out),
                      title="Сохранение списка…",
                      on_success=lambda _r: QMessageBox.information(
                          self, "ПрофТрек", f"Список сохранён: {out}\nФайл содержит персональные данные."))


def open_students_behind(ctx, parent, *, set_code: str, indicator_code: str, year: int) -> None:
    """Load the lists off the UI thread, then show them."""
    def shown(behind: StudentsBehind) -> None:
        dialog = StudentsBehindDialog(ctx, behind, parent)
        dialog.setObjectName("students_behind_dialog")
        parent._students_dialog = dialog  # kept for tests and so it is not collected while open
        dialog.open()

    run_operation(parent, lambda progress, cancelled: students_behind(
        ctx.uow(), set_code=set_code, indicator_code=indicator_code, year=year),
        title="Список обучающихся…", on_success=shown)
