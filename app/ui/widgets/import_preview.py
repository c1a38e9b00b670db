"""The one preview of every import (roster, participation log, graduates, class sheet, roadmap): what the
import will do, its tables of rows and every problem with its row, column and value, before anything is
written. With errors the import is refused unless the importer allows loading the rest and the user ticks it.

`start_import` is the whole way from a page: plan in the background → this dialog → apply in the
background → a message saying what was done."""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QMessageBox, QTabWidget, QVBoxLayout,
                               QWidget)

from app.services.files.importing import Importer, ImportPreview, PreviewTable, problem_table
from app.ui.widgets.common import ok_cancel, rows_view
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy


def table_view(table: PreviewTable, parent: QWidget | None = None):
    columns = [Column(title, (lambda i: lambda row: row[i])(i), align_right=title == "Строка")
               for i, title in enumerate(table.columns)]
    model = RowsTableModel(columns, parent)
    model.set_rows(table.rows)
    proxy = RussianSortFilterProxy(model)
    proxy.setSourceModel(model)
    view = rows_view(proxy, name=table.name, row_height=22)
    if table.columns and table.columns[0] == "Строка":
        view.setColumnWidth(0, 60)
        if len(table.columns) > 1:
            view.setColumnWidth(1, 260)
    return view


class ImportPreviewDialog(QDialog):
    """`view` replaces the tables with a preview of the importer's own (the roadmap's tree)."""

    def __init__(self, preview: ImportPreview | None = None, parent: QWidget | None = None, *,
                 ok_text: str = "Загрузить", view: QWidget | None = None, choices: tuple = ()):
        super().__init__(parent)
        self.preview: ImportPreview | None = None
        self.resize(960, 580)
        self.summary = QLabel("")
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("import_tabs")
        self.problem_view = None
        self.custom_view = view
        self.load_rest_box = QCheckBox("")
        self.load_rest_box.setObjectName("import_load_rest")
        self.load_rest_box.toggled.connect(lambda _on: self._update_ok())
        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        # Options the importer's apply takes: (keyword, label, default), e.g. «сделать карту текущей».
        self.choices: dict[str, QCheckBox] = {}
        self.buttons = ok_cancel(self, ok_text)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("import_ok")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(view if view is not None else self.tabs, 1)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.load_rest_box)
        for key, label, default in choices:
            box = QCheckBox(label)
            box.setChecked(default)
            box.setObjectName(f"import_{key}")
            self.choices[key] = box
            self.layout_.addWidget(box)
        self.layout_.addWidget(self.buttons)
        self.set_preview(preview)

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.preview = preview
        self.tabs.clear()
        self.problem_view = None
        if preview is None:
            self.summary.setText("")
            self.load_rest_box.setVisible(False)
            self.hint.setVisible(False)
            self._update_ok()
            return
        self.setWindowTitle(f"{preview.title} — {preview.file_name}")
        errors, warnings = preview.errors, preview.warnings
        lines = [escape(n) for n in preview.notes]
        if preview.counts:
            first, *rest = preview.counts
            lines.append(f"<b>{escape(first[0])}: {first[1]}</b>"
                         + "".join(f", {escape(label.lower())}: {n}" for label, n in rest) + ".")
        if errors:
            lines.append(f"<span style='color:#b00'><b>Ошибок: {len(errors)}</b> в строках: "
                         f"{len(preview.bad_rows)}.</span>" + (f" Предупреждений: {len(warnings)}." if warnings else ""))
        elif warnings:
            lines.append(f"Предупреждений: {len(warnings)}.")
        if preview.nothing_to_do:
            lines.append(escape(preview.nothing_to_do))
        self.summary.setText("<br>".join(lines))
        if preview.problems:
            self.problem_view = table_view(problem_table(preview.problems), self)
            self.tabs.addTab(self.problem_view, f"Ошибки и предупреждения ({len(preview.problems)})")
        for table in preview.tables:
            self.tabs.addTab(table_view(table, self), table.title if "(" in table.title
                             else f"{table.title} ({len(table.rows)})")
        can_rest = bool(errors) and bool(preview.rest_option)
        self.load_rest_box.setText(preview.rest_option)
        self.load_rest_box.setChecked(False)
        self.load_rest_box.setVisible(can_rest)
        self.hint.setText("В файле есть ошибки: исправьте их в файле и загрузите его снова"
                          + (f", или отметьте «{preview.rest_option}»." if can_rest else "."))
        self.hint.setVisible(bool(errors))
        self._update_ok()

    @property
    def load_rest(self) -> bool:
        return self.preview is not None and bool(self.preview.errors) and self.load_rest_box.isChecked()

    def choice_values(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.choices.items()}

    def _update_ok(self) -> None:
        preview = self.preview
        self.ok_button.setEnabled(preview is not None and preview.can_apply(load_rest=self.load_rest_box.isChecked()))
        self.ok_button.setToolTip(preview.nothing_to_do if preview is not None else "")


def start_import(page: QWidget, ctx, importer: Importer, path, *, options: dict[str, Any] | None = None,
                 choices: tuple = (), on_done: Callable[[Any], None] | None = None, ok_text: str = "Загрузить",
                 message: bool = True) -> None:
    """Plan `path` off the window's thread, show the preview, apply what the user accepts, say what was done."""
    from app.ui.operations import run_operation

    options = dict(options or {})

    def planned(plan) -> None:
        dialog = ImportPreviewDialog(plan.preview(), page, ok_text=ok_text, choices=choices)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        load_rest, chosen = dialog.load_rest, dialog.choice_values()
        run_operation(page, lambda p, c: importer.apply(ctx.uow(), plan, load_rest=load_rest, progress=p,
                                                        cancelled=c, **chosen),
                      title=f"{importer.title}…", on_success=done, cancellable=True)

    def done(result) -> None:
        if on_done is not None:
            on_done(result)
        if message:
            QMessageBox.information(page, importer.title, "\n".join([importer.done] + result.summary_lines()))

    run_operation(page, lambda p, c: importer.plan(ctx.uow(), path, progress=p, cancelled=c, **options),
                  title="Проверка файла…", on_success=planned, cancellable=True)
