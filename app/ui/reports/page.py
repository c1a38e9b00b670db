"""«Показатели и отчёты»: the table of a set for the year, manual values, the report in the program's
own Excel form, a ministry form filled (with the mapping confirmed), and the PDF."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators import IndicatorValue, SetResult, compute_set, set_manual_value
from app.services import settings
from app.services.labels import PROFMINIMUM_LEVEL_HOURS, PROFMINIMUM_LEVEL_LABELS, target_state
from app.services.reports import FillResult, export_default_report, fill_form, prepare_form
from app.services.reports.analysis_docx import export_analysis
from app.services.reports.pdf import export_indicator_pdf
from app.ui.dashboard.students_dialog import open_students_behind
from app.ui.operations import run_operation
from app.ui.refresh import SCHOOL_DATA, follow_changes
from app.ui.reports.manual_dialog import ManualValueDialog
from app.ui.reports.mapping_dialog import MappingDialog
from app.services.files.names import document_name
from app.ui.widgets.indicator_set_combo import IndicatorSetCombo
from app.ui.widgets.table_model import Column, RowsTableModel
from app.ui.widgets.file_dialogs import ask_open_file, ask_save_file


def _met(v: IndicatorValue) -> str:
    return target_state(v.met)


COLUMNS = [
    Column[IndicatorValue]("№", lambda v: v.code),
    Column[IndicatorValue]("Наименование показателя", lambda v: v.name, tooltip=lambda v: v.goal),
    Column[IndicatorValue]("Ед. изм.", lambda v: v.unit),
    Column[IndicatorValue]("Значение", lambda v: v.display + (" ✎" if v.is_manual else ""), align_right=True),
    Column[IndicatorValue]("Из чего", lambda v: v.basis, align_right=True),
    Column[IndicatorValue]("Целевое значение", lambda v: v.target or ""),
    Column[IndicatorValue]("Цель", _met),
]


class ReportsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.result: SetResult | None = None
        self.set_combo = IndicatorSetCombo()
        self.set_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.level = QComboBox()
        self.level.setObjectName(settings.PROFMINIMUM_LEVEL.key)
        for code, label in PROFMINIMUM_LEVEL_LABELS.items():
            self.level.addItem(f"{label} — не менее {PROFMINIMUM_LEVEL_HOURS[code]} ч", code)
        self.level.setEnabled(ctx.can(Permission.EDIT_SCHOOL))
        self.level.activated.connect(self.change_level)
        self.year_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Набор:"))
        top.addWidget(self.set_combo, 1)
        top.addWidget(self.year_label)
        level_row = QHBoxLayout()
        self.level_label = QLabel("Уровень профминимума (часов в год на обучающегося 6–11 классов):")
        level_row.addWidget(self.level_label)
        level_row.addWidget(self.level)
        level_row.addStretch(1)
        self.model = RowsTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setObjectName("indicators_table")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        # A set has a few dozen rows at most: heights follow the wrapped names as the width changes.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(1, self.view.horizontalHeader().ResizeMode.Stretch)
        # «6 341,5 ч на 352 обучающихся» on one line; the indicator's name wraps instead.
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _i: self.enter_value())
        for col, width in enumerate((50, 560, 80, 90, 90, 130, 110)):
            self.view.setColumnWidth(col, width)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QGridLayout()
        self.manual_button = QPushButton("Ввести значение вручную…")
        self.students_button = QPushButton("Обучающиеся за числом…")
        self.excel_button = QPushButton("Отчёт в Excel (форма программы)…")
        self.form_button = QPushButton("Заполнить форму министерства…")
        self.pdf_button = QPushButton("Отчёт в PDF…")
        self.analysis_button = QPushButton("Аналитическая справка…")
        self.analysis_button.setToolTip("Аналитическая справка по итогам профориентационной работы за учебный год "
                                        "(документ Word)")
        for button, slot in ((self.manual_button, self.enter_value), (self.students_button, self.show_students),
                             (self.excel_button, self.export_excel), (self.form_button, self.fill_ministry_form),
                             (self.pdf_button, self.export_pdf), (self.analysis_button, self.export_analysis)):
            button.clicked.connect(slot)
        for n, button in enumerate((self.manual_button, self.students_button, self.pdf_button, self.excel_button,
                                    self.form_button, self.analysis_button)):
            buttons.addWidget(button, n // 3, n % 3)
        buttons.setColumnStretch(3, 1)
        self.manual_button.setEnabled(ctx.can(Permission.EDIT_INDICATORS))
        self.students_button.setEnabled(ctx.can(Permission.VIEW_ROSTER))
        for button in (self.excel_button, self.form_button, self.pdf_button, self.analysis_button):
            button.setEnabled(ctx.can(Permission.EXPORT))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(level_row)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        ctx.year_changed.connect(lambda _y: self.refresh())
        self.refresher = follow_changes(self, ctx, SCHOOL_DATA, self.refresh)
        if self.set_combo.load_error:
            self.message.setText(self.set_combo.load_error)
        self.refresh()

    # --- loading -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        set_code, year = self.set_combo.set_code(), self.ctx.year
        if not self.ctx.can(Permission.VIEW_INDICATORS):
            self.message.setText("Недостаточно прав: просмотр показателей.")
            return
        if set_code is None or year is None:
            self.message.setText("Нет учебного года или набора показателей.")
            return
        self.year_label.setText(f"{year_title(year)} учебный год")

        def work(progress, cancelled):
            result = compute_set(self.ctx.uow(), set_code=set_code, year=year)
            level = settings.read(self.ctx.uow(), settings.PROFMINIMUM_LEVEL)
            return result, level

        run_operation(self, work, title="Подсчёт показателей…", on_success=self.show_result)

    def show_result(self, loaded) -> None:
        self.result, level = loaded
        self.model.set_rows(self.result.indicators)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        # Only a set that counts hours against the level has a use for choosing it.
        self.level.setVisible(self.result.uses_level)
        self.level_label.setVisible(self.result.uses_level)
        manual = sum(1 for v in self.result.indicators if v.is_manual)
        self.message.setText(
            f"{self.result.set_title}. Доли — в процентах от числа обучающихся названных классов; «—» — не из "
            f"чего считать." + (f" Введено вручную (✎): {manual}." if manual else ""))

    def selected(self) -> IndicatorValue | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "ПрофТрек", "Выберите показатель в таблице.")
            return None
        return self.model.row_at(rows[0].row())

    # --- actions -------------------------------------------------------------------------------------
    def change_level(self, _index: int) -> None:
        level = self.level.currentData()
        run_operation(self, lambda p, c: settings.write(self.ctx.uow(), settings.PROFMINIMUM_LEVEL, level),
                      title="Сохранение уровня профминимума…")

    def enter_value(self) -> None:
        indicator = self.selected()
        if indicator is None or self.result is None or not self.ctx.can(Permission.EDIT_INDICATORS):
            return
        dialog = ManualValueDialog(indicator, self)
        if not dialog.exec():
            return
        value, note = dialog.value(), dialog.note.text()
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: set_manual_value(self.ctx.uow(), set_code=set_code,
                                                          indicator_code=indicator.code, year=year, value=value,
                                                          note=note),
                      title="Сохранение значения…")

    def show_students(self) -> None:
        indicator = self.selected()
        if indicator is None or self.result is None:
            return
        if not indicator.has_students:
            QMessageBox.information(self, "ПрофТрек", f"За показателем {indicator.code} не стоит список обучающихся.")
            return
        open_students_behind(self.ctx, self, set_code=self.result.set_code, indicator_code=indicator.code,
                             year=self.result.year)

    def _set_short_name(self) -> str:
        return self.set_combo.short_name(self.result.set_code) if self.result else ""

    def _save_path(self, title: str, suffix: str, kind: str) -> Path | None:
        if self.result is None:
            return None
        default = document_name("Показатели", self._set_short_name(), year_title(self.result.year), suffix=suffix)
        return ask_save_file(self, title, default, kind, kind="report", suffix=suffix)

    def export_excel(self) -> None:
        out = self._save_path("Сохранить отчёт", ".xlsx", "Книга Excel (*.xlsx)")
        if out is None:
            return
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: export_default_report(self.ctx.uow(), set_code=set_code, year=year, out=out),
                      title="Отчёт в Excel…", on_success=self._report_saved)

    def export_pdf(self) -> None:
        out = self._save_path("Сохранить отчёт в PDF", ".pdf", "Документ PDF (*.pdf)")
        if out is None:
            return
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: export_indicator_pdf(self.ctx.uow(), set_code=set_code, year=year, out=out),
                      title="Отчёт в PDF…",
                      on_success=lambda _r: QMessageBox.information(self, "ПрофТрек", f"Отчёт сохранён: {out}"))

    def export_analysis(self) -> None:
        if self.result is None:
            return
        default = document_name("Аналитическая справка", year_title(self.result.year), suffix=".docx")
        out = ask_save_file(self, "Сохранить аналитическую справку", default, "Документ Word (*.docx)",
                            kind="report", suffix=".docx")
        if out is None:
            return
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: export_analysis(self.ctx.uow(), set_code=set_code, year=year, out=out),
                      title="Аналитическая справка…",
                      on_success=lambda r: QMessageBox.information(
                          self, "ПрофТрек", f"Справка сохранена: {r.out_path}\n\nПоказателей: {r.indicators}, "
                                            f"рисунков: {r.pictures}. Документ можно править в Word."))

    def fill_ministry_form(self) -> None:
        if self.result is None:
            return
        form = ask_open_file(self, "Форма министерства", "Книга Excel (*.xlsx *.xlsm)", kind="ministry_form")
        if not form:
            return
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: prepare_form(self.ctx.uow(), form=Path(form), set_code=set_code, year=year),
                      title="Чтение формы…", on_success=lambda loaded: self._confirm_mapping(Path(form), *loaded))

    def _confirm_mapping(self, form: Path, mapping, data) -> None:
        dialog = MappingDialog(mapping, data, self)
        dialog.setObjectName("mapping_dialog")
        self._mapping_dialog = dialog
        if not dialog.exec():
            return
        confirmed = dialog.confirmed_mapping()
        remember = dialog.remember.isChecked() and self.ctx.can(Permission.EDIT_INDICATORS)
        out = self._save_path("Сохранить заполненную форму", ".xlsx", "Книга Excel (*.xlsx)")
        if out is None:
            return
        set_code, year = self.result.set_code, self.result.year
        run_operation(self, lambda p, c: fill_form(self.ctx.uow(), form=form, out=out, set_code=set_code, year=year,
                                                   mapping=confirmed, remember=remember),
                      title="Заполнение формы…", on_success=self._report_saved)

    def _report_saved(self, result: FillResult) -> None:
        lines = [f"Отчёт сохранён: {result.out_path}"]
        if result.form_rows:
            lines.append(result.summary())
        if result.unfilled_rows:
            lines.append("Строки формы без значения:\n" + "\n".join(result.unfilled_rows[:15])
                         + (f"\n… и ещё {len(result.unfilled_rows) - 15}" if len(result.unfilled_rows) > 15 else ""))
        if result.not_found:
            lines.append(f"Не нашлось места в форме для показателей: {len(result.not_found)}.")
        if result.skipped:
            lines.append("Не изменены (ячейка не пуста или метка неизвестна):\n" + "\n".join(result.skipped[:10]))
        lines += result.warnings
        QMessageBox.information(self, "ПрофТрек", "\n\n".join(lines))
