"""The roster import preview: what will be added, updated and left alone, and every problem with its
row, column and value. With errors the import is refused unless the user ticks «only the good rows»."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QTabWidget, QVBoxLayout

from app.services.errors import Problem
from app.services.students.roster_import import RosterChange, RosterPreview
from app.ui.students.widgets import rows_view
from app.ui.widgets.common import ok_cancel
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy

CHANGE_COLUMNS: list[Column[RosterChange]] = [
    Column("Строка", lambda c: c.row, align_right=True),
    Column("ФИО", lambda c: c.full_name),
    Column("Класс", lambda c: c.class_label),
    Column("Дата рождения", lambda c: c.birth_date),
    Column("Изменения", lambda c: "; ".join(c.changes)),
]
PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Строка", lambda p: p.row, align_right=True),
    Column("Столбец", lambda p: p.column),
    Column("Значение", lambda p: p.value),
    Column("Что не так", lambda p: ("предупреждение: " if p.is_warning else "") + p.message),
]


def _table(columns, rows, name: str):
    model = RowsTableModel(columns)
    model.set_rows(rows)
    proxy = RussianSortFilterProxy(model)
    proxy.setSourceModel(model)
    view = rows_view(proxy, name)
    view.setColumnWidth(0, 60)
    view.setColumnWidth(1, 260 if columns is CHANGE_COLUMNS else 140)
    return view


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: RosterPreview, parent=None):
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Загрузка списка учащихся — {preview.file_name}")
        self.resize(900, 560)
        errors, warnings = preview.errors, preview.warnings
        summary = QLabel(
            f"Учебный год {preview.year_title}. Заголовки таблицы найдены в строке {preview.header_row}.<br>"
            f"<b>Будет добавлено: {len(preview.added)}</b>, обновлено: {len(preview.updated)}, "
            f"без изменений: {len(preview.unchanged)}."
            + (f"<br>Новые классы: {', '.join(preview.new_classes)}." if preview.new_classes else "")
            + (f"<br>Будет отмечено согласий на обработку персональных данных: {preview.consents}."
               if preview.consents else "")
            + (f"<br><span style='color:#b00'><b>Ошибок: {len(errors)}</b> в строках: "
               f"{len(preview.bad_rows)}.</span>" if errors else "")
            + (f" Предупреждений: {len(warnings)}." if warnings else ""))
        summary.setObjectName("import_summary")
        summary.setWordWrap(True)
        self.summary = summary
        unknown = QLabel("Не распознаны и не загружаются столбцы: " + ", ".join(f"«{c}»" for c in
                                                                                  preview.unknown_columns))
        unknown.setObjectName("import_unknown")
        unknown.setWordWrap(True)
        unknown.setVisible(bool(preview.unknown_columns))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("import_tabs")
        self.problem_view = _table(PROBLEM_COLUMNS, preview.problems, "import_problems")
        if preview.problems:
            self.tabs.addTab(self.problem_view, f"Ошибки и предупреждения ({len(preview.problems)})")
        for title, rows, name in (("Будут добавлены", preview.added, "import_added"),
                                  ("Будут обновлены", preview.updated, "import_updated"),
                                  ("Без изменений", preview.unchanged, "import_unchanged")):
            self.tabs.addTab(_table(CHANGE_COLUMNS, rows, name), f"{title} ({len(rows)})")

        self.only_good = QCheckBox("Загрузить только строки без ошибок (строки с ошибками будут пропущены)")
        self.only_good.setObjectName("import_only_good")
        self.only_good.setVisible(bool(errors))
        self.hint = QLabel("В файле есть ошибки: исправьте их в файле и загрузите его снова, "
                           "или отметьте «Загрузить только строки без ошибок».")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(errors))

        self.buttons = ok_cancel(self, "Загрузить")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("import_ok")
        self.only_good.toggled.connect(lambda _on: self._update_ok())

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(unknown)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.only_good)
        layout.addWidget(self.buttons)
        self._update_ok()

    @property
    def only_good_rows(self) -> bool:
        return bool(self.preview.errors) and self.only_good.isChecked()

    def _update_ok(self) -> None:
        nothing_to_do = not (self.preview.added or self.preview.updated or self.preview.consents)
        blocked = bool(self.preview.errors) and not self.only_good.isChecked()
        self.ok_button.setEnabled(not blocked and not nothing_to_do)
        if nothing_to_do and not self.preview.errors:
            self.ok_button.setToolTip("Все учащиеся из файла уже есть в базе: загружать нечего.")
