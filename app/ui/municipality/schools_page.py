"""«Школы»: the district's schools (added by hand or by their first report), the date of each one's last
report and who has not sent one for the year shown; loading reports and the log of loads."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout,
                               QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.municipality import LoadOutcome, SchoolEntry, add_school, consolidate_files, list_schools
from app.services.municipality.school_report import LoadEntry, load_log
from app.services.uow import Change
from app.ui.operations import Operation, run_operation, run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.common import button_row, ok_cancel, rows_view
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy

MISSING_COLOR = QColor("#b00020")
NO_REPORT = "нет отчёта"


class SchoolsModel(RowsTableModel[SchoolEntry]):
    """The list of schools; a school without a report for the year is written in red."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and not self.rows[index.row()].has_report:
            return QBrush(MISSING_COLOR)
        return super().data(index, role)


class SchoolsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.heading = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по наименованию, коду ОО, ИНН")
        self.search.setClearButtonEnabled(True)
        self.model = SchoolsModel([
            Column("Наименование ОО", lambda r: r.name, tooltip=lambda r: r.full_name),
            Column("Код ОО", lambda r: r.oo_code),
            Column("ИНН", lambda r: r.inn),
            Column("Последний отчёт загружен", lambda r: r.last_loaded_at.date() if r.last_loaded_at else None,
                   sort=lambda r: r.last_loaded_at.isoformat() if r.last_loaded_at else ""),
            Column("Отчёт за год", lambda r: "есть" if r.has_report else NO_REPORT),
        ], self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = rows_view(self.proxy, name="schools_view", stretch=0)
        self.summary = QLabel()
        self.summary.setObjectName("schools_summary")
        self.summary.setWordWrap(True)
        self.search.textChanged.connect(self.proxy.set_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(button_row([("Загрузить отчёты школ…", self.load_files),
                                     ("Добавить школу…", self.add_school_dialog),
                                     ("Журнал загрузок…", self.show_log)],
                                    visible=ctx.can(Permission.EDIT_INDICATORS)))
        self.refresher = follow_changes(self, ctx, {Change.MUNICIPALITY}, self.refresh, on_year=True)
        self.refresh()

    def refresh(self) -> None:
        year = self.ctx.year
        self.heading.setText(f"<b>Школы муниципалитета</b> — отчёты за {year_title(year)} учебный год"
                             if year else "<b>Школы муниципалитета</b>")
        outcome = Operation(self, lambda _p, _c: list_schools(self.ctx.uow(), year=year)) \
            .refusal_shown_in(self.summary.setText).run_now()
        if not outcome:
            self.model.set_rows([])
            return
        rows = outcome.value
        self.model.set_rows(rows)
        missing = [r.name for r in rows if not r.has_report]
        if not rows:
            self.summary.setText("Школ пока нет: загрузите отчёты школ или добавьте школу вручную.")
        else:
            text = f"Школ: {len(rows)}, представили отчёт: {len(rows) - len(missing)}."
            if missing:
                text += " Не представили отчёт: " + ", ".join(missing) + "."
            self.summary.setText(text)

    def load_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Отчёты школ", "", "Файлы Excel (*.xlsx)")
        if paths:
            self.load_paths(paths)

    def load_paths(self, paths: list[str]) -> None:
        run_operation(self, lambda p, c: consolidate_files(self.ctx.uow(), paths, progress=p, cancelled=c),
                      title="Загрузка отчётов школ…", cancellable=True, on_success=self._loaded)

    def _loaded(self, outcomes: list[LoadOutcome]) -> None:
        self.refresh()
        lines = []
        for o in outcomes:
            lines.append(o.message if o.loaded else f"Не загружен: {o.message}")
            lines.extend(f"    {note}" for note in o.notes)
        loaded = sum(o.loaded for o in outcomes)
        text = f"Загружено отчётов: {loaded} из {len(outcomes)}.\n\n" + "\n".join(lines)
        box = QMessageBox.information if loaded == len(outcomes) else QMessageBox.warning
        box(self, "Отчёты школ", text)

    def add_school_dialog(self) -> None:
        dialog = AddSchoolDialog(self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if not run_quick(self, lambda: add_school(self.ctx.uow(), **dialog.values()), title="Новая школа"):
                continue
            self.refresh()
            return

    def show_log(self) -> None:
        if entries := run_quick(self, lambda: load_log(self.ctx.uow()), title="Журнал загрузок"):
            LoadLogDialog(entries.value, self).exec()


class AddSchoolDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Новая школа")
        self.full_name, self.short_name, self.oo_code, self.inn = (QLineEdit() for _ in range(4))
        self.full_name.setMinimumWidth(420)
        form = QFormLayout(self)
        form.addRow("Полное наименование ОО:", self.full_name)
        form.addRow("Краткое наименование:", self.short_name)
        form.addRow("Код ОО:", self.oo_code)
        form.addRow("ИНН:", self.inn)
        form.addRow(ok_cancel(self, "Добавить"))

    def values(self) -> dict[str, str]:
        return {"full_name": self.full_name.text(), "short_name": self.short_name.text(),
                "oo_code": self.oo_code.text(), "inn": self.inn.text()}


class LoadLogDialog(QDialog):
    """Who loaded which file and when."""

    def __init__(self, entries: list[LoadEntry], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Журнал загрузок отчётов")
        self.resize(900, 480)
        model = RowsTableModel([
            Column("Загружен", lambda e: e.loaded_at.strftime("%d.%m.%Y %H:%M"), sort=lambda e: e.loaded_at.isoformat()),
            Column("Кем", lambda e: e.loaded_by),
            Column("Школа", lambda e: e.school),
            Column("Учебный год", lambda e: e.year_title),
            Column("Набор", lambda e: e.set_code),
            Column("Файл", lambda e: e.file_name + (" (форма заполнена вручную)" if e.source == "hand" else "")),
            Column("", lambda e: "заменил прежний" if e.replaced else ""),
        ], self)
        model.set_rows(entries)
        proxy = RussianSortFilterProxy(self)
        proxy.setSourceModel(model)
        layout = QVBoxLayout(self)
        layout.addWidget(rows_view(proxy, name="load_log_view", fit_contents=True))
