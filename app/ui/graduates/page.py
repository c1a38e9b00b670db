"""The «Выпускники» section: the year's 9th and 11th graders in one editable table — where they went,
the institution, in the region, by profile, exam subjects by profile — and the import from a file."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.events.events import list_partner_choices
from app.services.events.graduates import GRADUATES_IMPORT, list_graduates, save_graduates
from app.services.labels import DESTINATION_LABELS
from app.ui.graduates.model import DESTINATION, FLAG_FIELDS, INSTITUTION, GraduatesModel
from app.services.uow import Change
from app.ui.operations import run_operation
from app.ui.refresh import follow_changes
from app.ui.widgets.combo_delegate import ComboDelegate
from app.ui.widgets.table_model import RussianSortFilterProxy
from app.ui.widgets.file_dialogs import ask_open_file

FLAG_CHOICES = [(None, ""), (True, "да"), (False, "нет")]


class GraduatesPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.heading = QLabel()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО, классу, учебному заведению")
        self.search.setClearButtonEnabled(True)
        self.grade = QComboBox()
        self.grade.addItem("9 и 11 классы", None)
        self.grade.addItem("9 классы", 9)
        self.grade.addItem("11 классы", 11)
        self.model = GraduatesModel(self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setObjectName("graduates_view")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)   # the service's order (class, name) until a click
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # At 1366 px every column fits, «Предметы ГИА по профилю» included (the last one takes what is left).
        for col, width in enumerate((45, 205, 85, 160, 190, 110, 95, 175)):
            self.view.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        self.view.setItemDelegateForColumn(DESTINATION, ComboDelegate(
            [(None, "")] + list(DESTINATION_LABELS.items()), self.view))
        self.institution_delegate = ComboDelegate([], self.view, editable_text=True)
        self.view.setItemDelegateForColumn(INSTITUTION, self.institution_delegate)
        for col in list(FLAG_FIELDS):
            self.view.setItemDelegateForColumn(col, ComboDelegate(FLAG_CHOICES, self.view))
        self.summary = QLabel()
        can_edit = ctx.can(Permission.EDIT_GRADUATES)
        self.save_button = QPushButton("Сохранить")
        self.save_button.setObjectName("graduates_save")
        self.save_button.setEnabled(False)
        self.undo_button = QPushButton("Отменить изменения")
        self.import_button = QPushButton("Загрузить из файла…")
        for b in (self.save_button, self.undo_button, self.import_button):
            b.setVisible(can_edit)
        if not can_edit:
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.refresh)
        self.import_button.clicked.connect(self.import_file)
        self.model.dirty_changed.connect(self.save_button.setEnabled)
        self.model.dataChanged.connect(lambda *_: self._update_summary())
        self.search.textChanged.connect(self.proxy.set_search)
        self.grade.currentIndexChanged.connect(self._grade_filter)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.search, 1)
        top.addWidget(self.grade)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        ctx.year_changed.connect(lambda _y: self.refresh())
        self.refresher = follow_changes(self, ctx, {Change.GRADUATES, Change.STUDENTS, Change.CLASSES,
                                                    Change.PARTNERS}, self._changed_elsewhere)
        self.refresh()

    def _changed_elsewhere(self) -> None:
        if not self.model.is_dirty:   # never throw away the user's unsaved edits
            self.refresh()

    def refresh(self) -> None:
        year = self.ctx.year
        self.heading.setText(f"<b>Выпускники {year_title(year)} учебного года</b>" if year else "<b>Выпускники</b>")
        if not self.ctx.can(Permission.VIEW_GRADUATES):
            self.model.set_rows([])
            self.summary.setText("Недостаточно прав: просмотр сведений о выпускниках. Обратитесь к администратору.")
            return
        partners_uow, graduates_uow = self.ctx.uow(), self.ctx.uow()
        run_operation(self, lambda _p, _c: (list_partner_choices(partners_uow),
                                            list_graduates(graduates_uow, year) if year is not None else []),
                      title="Загрузка выпускников…", on_success=self._show_rows, replaces=self, quiet=True)

    def _show_rows(self, found) -> None:
        if not shiboken6.isValid(self):  # the window closed while the list was loading
            return
        partners, rows = found
        self.institution_delegate.choices = [(("partner", pid), name) for pid, name, ptype in partners
                                             if ptype in ("poo", "vo", "other", "dop")]
        self.model.set_rows(rows, partner_names={pid: name for pid, name, _t in partners})
        self._update_summary()

    def _grade_filter(self) -> None:
        grade = self.grade.currentData()
        self.proxy.set_predicate(None if grade is None else (lambda r: r.grade == grade))

    def _update_summary(self) -> None:
        rows = self.model.rows
        filled = sum(r.destination is not None for r in rows)
        by_dest = {}
        for r in rows:
            if r.destination:
                by_dest[r.destination] = by_dest.get(r.destination, 0) + 1
        parts = ", ".join(f"{DESTINATION_LABELS[k]} — {v}" for k, v in sorted(by_dest.items()))
        self.summary.setText(f"Выпускников: {len(rows)}, сведения внесены: {filled}" + (f" ({parts})" if parts else ""))

    def save(self) -> None:
        edits = self.model.changed_edits()
        if not edits or self.ctx.year is None:
            return
        year = self.ctx.year
        run_operation(self, lambda p, c: save_graduates(self.ctx.uow(), year, edits), title="Сохранение…",
                      on_success=lambda _n: self.refresh())

    def import_file(self) -> None:
        if self.ctx.year is None:
            return
        path = ask_open_file(self, "Сведения о выпускниках", "Таблицы (*.xlsx *.csv)", kind="graduates")
        if not path:
            return
        from app.ui.widgets.import_preview import start_import
        # Refreshed even over unsaved edits: the file's figures have replaced them.
        start_import(self, self.ctx, GRADUATES_IMPORT, path, options={"year": self.ctx.year},
                     on_done=lambda _result: self.refresh())


