"""The school's staff with positions: responsible persons, homeroom teachers, consultants."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QVBoxLayout

from app.services.access import Permission
from app.services.school.staff import COMMON_POSITIONS, StaffDetails, StaffRow, list_staff, save_staff
from app.services.uow import Change
from app.ui.operations import run_quick
from app.ui.refresh import ReloadingTab
from app.ui.students.widgets import FormDialog, rows_view
from app.ui.widgets.common import button_row, ok_cancel
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy

STAFF_COLUMNS: list[Column[StaffRow]] = [
    Column("ФИО", lambda s: s.full_name),
    Column("Должность", lambda s: s.position),
    Column("Классное руководство", lambda s: s.classes),
    Column("Телефон", lambda s: s.phone),
    Column("E-mail", lambda s: s.email),
    Column("Работает", lambda s: "да" if s.is_active else "нет"),
]


class StaffDialog(FormDialog):
    def __init__(self, ctx, row: StaffRow | None, parent=None):
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        self.setWindowTitle("Новый сотрудник" if row is None else row.full_name)
        self.last_name = QLineEdit(row.last_name if row else "")
        self.first_name = QLineEdit(row.first_name if row else "")
        self.patronymic = QLineEdit(row.patronymic if row else "")
        self.position = QComboBox()
        self.position.setEditable(True)
        self.position.addItems(COMMON_POSITIONS)
        self.position.setCurrentText(row.position if row else "")
        self.phone = QLineEdit(row.phone if row else "")
        self.email = QLineEdit(row.email if row else "")
        self.active = QCheckBox("работает в школе")
        self.active.setChecked(row.is_active if row else True)
        form = QFormLayout()
        for label, widget in (("Фамилия:", self.last_name), ("Имя:", self.first_name),
                              ("Отчество:", self.patronymic), ("Должность:", self.position),
                              ("Телефон:", self.phone), ("E-mail:", self.email), ("", self.active)):
            form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Сохранить"))

    def save(self) -> None:
        save_staff(self.ctx.uow(), StaffDetails(
            self.last_name.text(), self.first_name.text(), self.patronymic.text(), self.position.currentText(),
            self.phone.text(), self.email.text(), self.active.isChecked(), self.row.id if self.row else None))


class StaffTab(ReloadingTab):
    WATCHES = frozenset({Change.STAFF, Change.CLASSES})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.model: RowsTableModel[StaffRow] = RowsTableModel(STAFF_COLUMNS, self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по ФИО или должности")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = rows_view(self.proxy, "staff_table", stretch=0, single=True)
        for column, width in ((1, 220), (2, 170), (3, 130), (4, 180), (5, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_staff())
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row((("Добавить сотрудника", self.add_staff), ("Изменить", self.edit_staff)),
                                    visible=ctx.can(Permission.EDIT_ROSTER)))

    def load(self) -> None:
        if loaded := run_quick(self, lambda: list_staff(self.ctx.uow(), start_year=self.ctx.year)):
            self.model.set_rows(loaded.value)
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())

    def add_staff(self) -> None:
        StaffDialog(self.ctx, None, self).exec()

    def edit_staff(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        StaffDialog(self.ctx, row, self).exec()
