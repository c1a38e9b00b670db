"""«Мероприятия»: the event list of the chosen year filtered by month, category, class and text, with
the number of participants; create, change, copy, delete; open an event to its attendance; load a
participation log."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.events.events import EventRow, class_choices, delete_event, list_events
from app.services.labels import EVENT_CATEGORY_LABELS
from app.services.text import counted, number_ru
from app.services.uow import Change
from app.services.events.participation_import import PARTICIPATION_IMPORT
from app.ui.events.attendance_dialog import AttendanceDialog
from app.ui.events.event_dialog import EventDialog
from app.ui.operations import run_operation, run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.common import rows_view
from app.ui.widgets.confirm import confirm_loss
from app.ui.widgets.wrapping import WrappingDelegate
from app.ui.widgets.table_model import ROW_ROLE, Column, RowsTableModel, RussianSortFilterProxy
from app.ui.widgets.file_dialogs import ask_open_file

MONTHS = ("сентябрь", "октябрь", "ноябрь", "декабрь", "январь", "февраль", "март", "апрель", "май", "июнь",
          "июль", "август")
COLUMNS: list[Column[EventRow]] = [
    Column("Дата", lambda r: r.dates, sort=lambda r: r.starts_on),
    Column("Мероприятие", lambda r: r.title),
    Column("Категория", lambda r: r.category_label),
    Column("Организатор", lambda r: r.organizer),
    Column("Классы", lambda r: r.grades_text),
    Column("Часы", lambda r: r.hours, align_right=True),
    Column("Участников", lambda r: r.participants, align_right=True,
           tooltip=lambda r: f"Участвовали: {r.participants}; всего отметок: {r.marked}"),
]


class EventsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по названию, категории, организатору")
        self.search.setClearButtonEnabled(True)
        self.month = QComboBox()
        self.month.addItem("Все месяцы", None)
        for i, name in enumerate(MONTHS):
            self.month.addItem(name, (i + 8) % 12 + 1)
        self.category = QComboBox()
        self.category.addItem("Все категории", None)
        for code, label in EVENT_CATEGORY_LABELS.items():
            self.category.addItem(label, code)
        self.category.setMaximumWidth(300)
        self.school_class = QComboBox()
        self.school_class.addItem("Все классы", None)
        filters = QHBoxLayout()
        for w in (self.search, self.month, self.category, self.school_class):
            filters.addWidget(w)
        filters.setStretch(0, 1)
        self.model: RowsTableModel[EventRow] = RowsTableModel(COLUMNS, self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = rows_view(self.proxy, stretch=1)
        self.view.setObjectName("events_view")
        # Lessons of one course differ only at the end of their titles: the titles wrap instead of being cut.
        self.view.setItemDelegate(WrappingDelegate(self.view))
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for col, width in ((0, 150), (2, 230), (3, 150), (4, 70), (5, 50), (6, 90)):
            self.view.setColumnWidth(col, width)
        # `activated` is Enter and, on desktop styles, a double click: one connection opens it once.
        self.view.activated.connect(lambda _i: self.open_attendance())
        self.status = QLabel()
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        edit = ctx.can(Permission.EDIT_EVENTS)
        for key, title, slot, visible in (
                ("attendance", "Отметить участие…", self.open_attendance, True),
                ("add", "Добавить…", self.add, edit), ("edit", "Изменить…", self.edit, edit),
                ("copy", "Копировать…", self.copy, edit), ("delete", "Удалить", self.delete, edit),
                ("import", "Загрузить журнал участия…", self.import_log, edit)):
            b = QPushButton(title)
            b.setObjectName(f"events_{key}")
            b.clicked.connect(slot)
            b.setVisible(visible)
            self.buttons[key] = b
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self._search)
        for combo in (self.month, self.category, self.school_class):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        ctx.year_changed.connect(lambda _y: self._year_changed())
        self.refresher = follow_changes(self, ctx, {Change.EVENTS, Change.PARTICIPATION, Change.STUDENTS,
                                                    Change.CLASSES, Change.PARTNERS}, self.refresh)
        self._year_changed()

    def _year_changed(self) -> None:
        self.school_class.blockSignals(True)
        self.school_class.clear()
        self.school_class.addItem("Все классы", None)
        if self.ctx.year is not None:
            for c in class_choices(self.ctx.uow(), self.ctx.year):
                self.school_class.addItem(c.label, c.id)
        self.school_class.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Off the window's thread; a newer request (another filter, a change) replaces one still running."""
        uow, year, month = self.ctx.uow(), self.ctx.year, self.month.currentData()
        category, class_id = self.category.currentData(), self.school_class.currentData()
        run_operation(self, lambda _p, _c: list_events(uow, year=year, month=month, category=category,
                                                       class_id=class_id),
                      title="Загрузка мероприятий…", on_success=self._show_rows, replaces=self, quiet=True)

    def _show_rows(self, rows) -> None:
        if not shiboken6.isValid(self):  # the window closed while the list was loading
            return
        selected = self.selected()
        self.model.set_rows(rows)
        if selected:
            self.select(selected.id)
        self._update_status()

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_status()

    def _update_status(self) -> None:
        shown = [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]
        self.status.setText(f"Мероприятий: {number_ru(len(shown))} · участников (по мероприятиям): "
                            f"{number_ru(sum(r.participants for r in shown))}")

    def selected(self) -> EventRow | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, event_id: int) -> None:
        for i in range(self.proxy.rowCount()):
            if self.proxy.index(i, 0).data(ROW_ROLE).id == event_id:
                self.view.selectRow(i)
                return

    def _need_selection(self) -> EventRow | None:
        row = self.selected()
        if row is None:
            QMessageBox.information(self, "Мероприятия", "Выберите мероприятие в списке.")
        return row

    def open_attendance(self) -> None:
        row = self._need_selection()
        if row:
            AttendanceDialog(self.ctx, row.id, self).exec()

    def add(self) -> None:
        dialog = EventDialog(self.ctx, self)
        if dialog.exec() and dialog.saved_id:
            self.select(dialog.saved_id)   # the list has already refreshed: the operation announced the event

    def edit(self) -> None:
        row = self._need_selection()
        if row:
            dialog = EventDialog(self.ctx, self, event_id=row.id)
            dialog.exec()

    def copy(self) -> None:
        row = self._need_selection()
        if row:
            dialog = EventDialog(self.ctx, self, copy_of=row.id)
            if dialog.exec() and dialog.saved_id:
                self.select(dialog.saved_id)

    def delete(self) -> None:
        row = self._need_selection()
        if row is None:
            return
        with_marks = f" вместе с {counted(row.marked, 'отметкой', 'отметками', 'отметками')} участия" \
            if row.marked else ""
        if not confirm_loss(self, "Удаление мероприятия",
                            f"Удалить мероприятие «{row.title}» ({row.dates}){with_marks}?"):
            return
        run_quick(self, lambda: delete_event(self.ctx.uow(), row.id))

    def import_log(self) -> None:
        path = ask_open_file(self, "Журнал участия", "Таблицы (*.xlsx *.csv)", kind="participation")
        if not path:
            return

        from app.ui.widgets.import_preview import start_import
        # The events list follows the announced changes (EVENTS, PARTICIPATION): nothing to refresh by hand.
        start_import(self, self.ctx, PARTICIPATION_IMPORT, path)
