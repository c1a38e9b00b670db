"""The year's students: class filter, search as you type, sorting in Russian order, and the actions
on the roster (import, add, edit, move, archive, the student's record, year rollover)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from app.services.access import Permission
from app.services.students.roster_import import ROSTER_IMPORT
from app.services.students.classes import list_classes
from app.services.students.students import FIELD, StudentRow, move_students, student_hours, student_table
from app.services.uow import Change
from app.services.text import number_ru
from app.ui.operations import run_operation, run_quick
from app.ui.refresh import ReloadingTab
from app.ui.students.widgets import rows_view
from app.ui.widgets.filtered_rows import FilteredRowsModel, SourceFilteredProxy
from app.ui.widgets.table_model import Column
from app.ui.widgets.file_dialogs import ask_open_file

ROSTER_FILTER = "Таблицы (*.xlsx *.csv *.txt);;Все файлы (*)"


# The tab holds the students as plain tuples (students.student_table); these read their fields.
_ID, _NAME, _CASEFOLDED, _CLASS, _CLASS_ID, _CLASS_RANK, _BIRTH, _OVZ, _DISABILITY, _LEFT_ON, _GRADUATE, \
    _HAS_LEFT, _SEARCH = (FIELD[name] for name in (
        "id", "full_name", "casefolded", "class_label", "class_id", "class_rank", "birth_date", "has_ovz",
        "has_disability", "left_on", "is_graduate", "has_left", "search_text"))


def _left(r: tuple):
    return r[_LEFT_ON] if r[_HAS_LEFT] else ("выпускник" if r[_GRADUATE] else "")


COUNTING = "…"   # an hours cell while the year's hours are being summed
HOURS_COLUMN = 5
# student_table's order, by class then name, is the class column's ascending order (its sort is stable).
SERVICE_ORDER = (1, Qt.SortOrder.AscendingOrder)


def student_columns(hours_of: Callable[[tuple], float | str]) -> list[Column[tuple]]:
    """The table's columns; `hours_of(row)` gives the hours cell (they arrive after the rows)."""
    return [
        Column("ФИО", itemgetter(_NAME), sort=itemgetter(_SEARCH, _CASEFOLDED)),   # text.sort_key of the name
        Column("Класс", itemgetter(_CLASS), sort=itemgetter(_CLASS_RANK)),
        Column("Дата рождения", itemgetter(_BIRTH), sort=lambda r: r[_BIRTH] or dt.date.min),
        Column("ОВЗ", lambda r: "ОВЗ" if r[_OVZ] else "", searchable=False),
        Column("Инвалидность", lambda r: "инв." if r[_DISABILITY] else "", searchable=False),
        Column("Часы профориентации", hours_of, align_right=True, searchable=False),
        Column("Выбыл", _left, sort=lambda r: (r[_LEFT_ON] or dt.date.max) if r[_HAS_LEFT] else dt.date.max,
               searchable=False),
    ]


HEALTH_COLUMNS = (3, 4)


class StudentsTab(ReloadingTab):
    WATCHES = frozenset({Change.STUDENTS, Change.CLASSES, Change.EVENTS, Change.PARTICIPATION})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        # Filtered by the model in one pass over pre-folded names: a keystroke stays under 50 ms at
        # 100,000 students (a proxy's per-row Python filter took 194 ms).
        # The year's hours by student id, summed after the rows are shown (None: being summed).
        self.hours: dict[int, float] | None = None
        self.model: FilteredRowsModel[tuple] = FilteredRowsModel(student_columns(self._hours_of), self,
                                                                 search_text=itemgetter(_SEARCH))
        self.proxy = SourceFilteredProxy(self)
        self.proxy.setSourceModel(self.model)

        self.class_box = QComboBox()
        self.class_box.setObjectName("class_filter")
        self._offered: list[tuple[int, str]] | None = None   # the classes in the filter: (id, label)
        self.class_box.setMinimumWidth(120)
        self.search = QLineEdit()
        self.search.setObjectName("student_search")
        self.search.setPlaceholderText("Поиск по фамилии, имени, отчеству")
        self.search.setClearButtonEnabled(True)
        self.show_left = QCheckBox("Показывать выбывших")
        self.count_label = QLabel()
        self.count_label.setObjectName("student_count")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Класс:"))
        filters.addWidget(self.class_box)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_left)
        filters.addWidget(self.count_label)

        self.table = rows_view(self.proxy, "students_table", stretch=0, sort_column=1)
        for column, width in ((1, 70), (2, 110), (3, 60), (4, 100), (5, 150), (6, 100)):
            self.table.setColumnWidth(column, width)
        if not ctx.can(Permission.VIEW_HEALTH):
            for column in HEALTH_COLUMNS:
                self.table.setColumnHidden(column, True)

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, title, slot, permission in (
                ("import", "Загрузить список…", self.import_roster, Permission.EDIT_ROSTER),
                ("add", "Добавить", self.add_student, Permission.EDIT_ROSTER),
                ("edit", "Изменить", self.edit_student, Permission.EDIT_ROSTER),
                ("move", "Перевести в класс…", self.move_selected, Permission.EDIT_ROSTER),
                ("archive", "Выбыл…", self.archive_selected, Permission.EDIT_ROSTER),
                ("consent", "Согласие получено", self.mark_consent, Permission.EDIT_CONSENT),
                ("record", "Карточка учащегося", self.open_record, Permission.VIEW_ROSTER),
                ("rollover", "Переход на новый учебный год…", self.start_rollover, Permission.ROLLOVER)):
            button = QPushButton(title)
            button.setObjectName(f"students_{key}")
            button.clicked.connect(slot)
            button.setVisible(ctx.can(permission))
            self.buttons[key] = button
            actions.addWidget(button)
            if key == "record":
                actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        self.search.textChanged.connect(self._search_changed)
        self.class_box.currentIndexChanged.connect(lambda _i: self._apply_predicate())
        self.show_left.toggled.connect(lambda _on: self._apply_predicate())
        self.table.doubleClicked.connect(lambda _index: self.open_record())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._apply_predicate()

    # --- loading and filtering --------------------------------------------------------------------

    def load(self) -> None:
        """Off the window's thread, in two steps: the students (shown as soon as they arrive), then their
        hours (summing a year of participations takes longer than the rest of the list). A newer load
        (another year, a change) replaces either step still running."""
        self.count_label.setText("Загрузка…")
        run_operation(self, self.loader(), title="Загрузка списка учащихся…", on_success=self._loaded,
                      replaces=self, quiet=True)

    def loader(self):
        """The first step's work, for the worker thread: the year's students, sorted and folded as the table
        shows them now (the model's preparer), and the classes for the filter."""
        year, students_uow, classes_uow = self.year, self.ctx.uow(), self.ctx.uow()
        prepare = self.model.preparer(arrive_sorted_by=SERVICE_ORDER)
        return lambda _p, _c: (prepare(student_table(students_uow, start_year=year, hours=False)),
                               list_classes(classes_uow, start_year=year))

    def hours_counter(self):
        """The second step's work, for the worker thread: the year's hours of the students listed."""
        year, uow = self.year, self.ctx.uow()
        return lambda _p, _c: student_hours(uow, start_year=year)

    def _loaded(self, found) -> None:
        if not shiboken6.isValid(self):  # the window closed while the list was loading
            return
        self.show_students(found)
        run_operation(self, self.hours_counter(), title="Подсчёт часов профориентации…",
                      on_success=self._hours_counted, replaces=self, quiet=True)

    def show_students(self, found) -> None:
        """The first step's result into the table (the hours cells say «…» until the second step ends)."""
        prepared, classes = found
        self.hours = None
        chosen = self.class_box.currentData()
        # Refilled only when the classes changed: a reload after every edit, and a big school has thousands.
        offered = [(c.id, c.label) for c in classes]
        if offered != self._offered:
            self._offered = offered
            self.class_box.blockSignals(True)
            self.class_box.clear()
            self.class_box.addItem("Все классы", None)
            for class_id, label in offered:
                self.class_box.addItem(label, class_id)
            self.class_box.setCurrentIndex(max(self.class_box.findData(chosen), 0) if chosen is not None else 0)
            self.class_box.blockSignals(False)
        if self.class_box.currentData() != chosen:   # the class shown is gone (merged, another year)
            self.model.adopt(prepared, predicate=self._keep())
        else:
            self.model.adopt(prepared)
        self._update_count()

    def _hours_counted(self, hours: dict[int, float]) -> None:
        if shiboken6.isValid(self):
            self.show_hours(hours)

    def show_hours(self, hours: dict[int, float]) -> None:
        self.hours = hours
        self.model.column_changed(HOURS_COLUMN)

    def _hours_of(self, row: tuple) -> float | str:
        return COUNTING if self.hours is None else self.hours.get(row[_ID], 0.0)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _keep(self):
        class_id = self.class_box.currentData()
        show_left = self.show_left.isChecked()
        if class_id is None and show_left:
            return None

        def keep(row: tuple) -> bool:
            return (class_id is None or row[_CLASS_ID] == class_id) and (show_left or not row[_HAS_LEFT])

        return keep

    def _apply_predicate(self) -> None:
        self.proxy.set_predicate(self._keep())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"Показано {number_ru(self.proxy.rowCount())} из {number_ru(self.model.total)}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = len(self.selected_rows())
        for key in ("edit", "record"):
            self.buttons[key].setEnabled(chosen == 1)
        for key in ("move", "archive", "consent"):
            self.buttons[key].setEnabled(chosen >= 1)

    def selected_rows(self) -> list[StudentRow]:
        model = self.table.selectionModel()
        if model is None:
            return []
        return [self._named(self.model.row_at(self.proxy.mapToSource(i).row())) for i in model.selectedRows()]

    def visible_rows(self) -> list[StudentRow]:
        return [self._named(self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row()))
                for i in range(self.proxy.rowCount())]

    def _named(self, row: tuple) -> StudentRow:
        named = StudentRow._make(row)
        return named if self.hours is None else named._replace(hours=self.hours.get(named.id, 0.0))

    # --- actions --------------------------------------------------------------------------------

    def import_roster(self, *, path: str | None = None) -> None:
        if not path:
            path = ask_open_file(self, "Загрузить список учащихся", ROSTER_FILTER, kind="roster")
        if not path:
            return
        year = self.year
        if self.ctx.year is None:
            # A new school: no year is shown yet, so the file or the user says which one the list is for.
            from app.ui.widgets.new_year import ask_import_year
            year = ask_import_year(self, path)
            if year is None:
                return
        from app.ui.widgets.import_preview import start_import
        # The message after the import is the summary's own lines (the classes created among them).
        start_import(self, self.ctx, ROSTER_IMPORT, Path(path), options={"start_year": year},
                     on_done=self._imported)

    def _imported(self, summary) -> None:
        self.last_import = summary
        if self.ctx.year is None:            # the first roster of a new database makes its year the one shown
            self.ctx.set_year(summary.start_year)

    def add_student(self) -> None:
        from app.ui.students.student_dialog import StudentDialog
        class_id = self.class_box.currentData()
        StudentDialog(self.ctx, self.year, None, self, class_id=class_id).exec()

    def edit_student(self) -> None:
        from app.ui.students.student_dialog import StudentDialog
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        if dialog := run_quick(self, lambda: StudentDialog(self.ctx, self.year, rows[0].id, self)):
            dialog.value.exec()

    def move_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        classes = list_classes(self.ctx.uow(), start_year=self.year)
        labels = [c.label for c in classes]
        if not labels:
            return
        label, ok = QInputDialog.getItem(self, "Перевести в класс",
                                         f"Выбрано учащихся: {len(rows)}. Перевести в класс:", labels, 0, False)
        if not ok:
            return
        target = classes[labels.index(label)]
        run_quick(self, lambda: move_students(self.ctx.uow(), [r.id for r in rows], start_year=self.year,
                                              class_id=target.id))

    def archive_selected(self) -> None:
        from app.ui.students.student_dialog import ArchiveDialog
        rows = self.selected_rows()
        if rows:
            ArchiveDialog(self.ctx, rows, self).exec()

    def mark_consent(self) -> None:
        """The parents' papers collected at enrolment: «согласие получено» for every selected student, today."""
        from PySide6.QtWidgets import QMessageBox

        from app.services.accounts.consent import mark_received
        rows = self.selected_rows()
        if not rows:
            return
        added = run_quick(self, lambda: mark_received(self.ctx.uow(), [r.id for r in rows],
                                                      received_on=dt.date.today()))
        if added:
            QMessageBox.information(self, "Согласия", f"Отмечено «согласие получено»: {added.value} из {len(rows)} "
                                                      "(у остальных согласие уже было записано).")

    def open_record(self) -> None:
        from app.ui.students.record_dialog import StudentRecordDialog
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        if dialog := run_quick(self, lambda: StudentRecordDialog(self.ctx, rows[0].id, self)):
            dialog.value.exec()

    def start_rollover(self) -> None:
        from app.ui.students.rollover_wizard import RolloverWizard
        if not (made := run_quick(self, lambda: RolloverWizard(self.ctx, self.year, self))):
            return
        wizard = made.value
        if wizard.exec() == RolloverWizard.DialogCode.Accepted and wizard.outcome is not None:
            self.ctx.set_year(wizard.outcome.from_year + 1)


