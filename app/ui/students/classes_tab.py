"""The year's classes: size and homeroom teacher; add, rename (edit), merge."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QInputDialog, QLineEdit, QVBoxLayout

from app.services.access import Permission
from app.services.students.classes import ClassRow, add_class, list_classes, merge_classes, update_class
from app.services.school.staff import list_staff
from app.services.text import counted
from app.services.uow import Change
from app.ui.operations import run_quick
from app.ui.refresh import ReloadingTab
from app.ui.widgets.confirm import confirm_loss
from app.ui.students.widgets import FormDialog, rows_view
from app.ui.widgets.common import button_row, ok_cancel
from app.ui.widgets.table_model import Column, RowsTableModel, RussianSortFilterProxy

CLASS_COLUMNS: list[Column[ClassRow]] = [
    Column("Класс", lambda c: c.label, sort=lambda c: c.sort_key),
    Column("Учащихся", lambda c: c.size, align_right=True),
    Column("Классный руководитель", lambda c: c.homeroom_teacher),
    Column("Профиль", lambda c: c.profile),
]


class ClassDialog(FormDialog):
    def __init__(self, ctx, start_year: int, row: ClassRow | None, parent=None):
        super().__init__(parent)
        self.ctx, self.start_year, self.row = ctx, start_year, row
        self.setWindowTitle("Новый класс" if row is None else f"Класс {row.label}")
        self.label = QLineEdit(row.label if row else "")
        self.label.setObjectName("class_label")
        self.label.setPlaceholderText("например, 5А")
        self.teacher = QComboBox()
        self.teacher.addItem("не назначен", None)
        for person in list_staff(ctx.uow(), include_inactive=False):
            self.teacher.addItem(f"{person.full_name} ({person.position})" if person.position else person.full_name,
                                 person.id)
        if row and row.homeroom_teacher_id is not None:
            self.teacher.setCurrentIndex(max(self.teacher.findData(row.homeroom_teacher_id), 0))
        self.profile = QLineEdit(row.profile if row else "")
        self.profile.setPlaceholderText("для 10–11 классов, например «технологический»")
        form = QFormLayout()
        form.addRow("Класс:", self.label)
        form.addRow("Классный руководитель:", self.teacher)
        form.addRow("Профиль обучения:", self.profile)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Сохранить"))

    def save(self) -> None:
        if self.row is None:
            add_class(self.ctx.uow(), start_year=self.start_year, label=self.label.text(),
                      homeroom_teacher_id=self.teacher.currentData(), profile=self.profile.text())
        else:
            update_class(self.ctx.uow(), self.row.id, label=self.label.text(),
                         homeroom_teacher_id=self.teacher.currentData(), profile=self.profile.text())


class ClassesTab(ReloadingTab):
    WATCHES = frozenset({Change.CLASSES, Change.STUDENTS, Change.STAFF})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.model: RowsTableModel[ClassRow] = RowsTableModel(CLASS_COLUMNS, self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = rows_view(self.proxy, "classes_table", single=True)
        for column, width in ((0, 80), (1, 90), (2, 320)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_class())
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row((("Добавить класс", self.add_class),
                                     ("Изменить / переименовать", self.edit_class),
                                     ("Объединить с другим…", self.merge_class)),
                                    visible=ctx.can(Permission.EDIT_ROSTER)))

    def load(self) -> None:
        if loaded := run_quick(self, lambda: list_classes(self.ctx.uow(), start_year=self.year)):
            self.model.set_rows(loaded.value)
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())

    def selected(self) -> ClassRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def add_class(self) -> None:
        ClassDialog(self.ctx, self.year, None, self).exec()

    def edit_class(self) -> None:
        row = self.selected()
        if row:
            ClassDialog(self.ctx, self.year, row, self).exec()

    def merge_class(self) -> None:
        row = self.selected()
        if row is None:
            return
        others = [c for c in self.model.rows if c.id != row.id]
        if not others:
            return
        label, ok = QInputDialog.getItem(self, "Объединить классы",
                                         f"Перевести всех учащихся {row.label} ({row.size}) в класс:",
                                         [c.label for c in others], 0, False)
        if not ok:
            return
        target = next(c for c in others if c.label == label)
        if not confirm_loss(self, "Объединить классы",
                            f"Перевести {counted(row.size, 'обучающегося', 'обучающихся', 'обучающихся')} "
                            f"из {row.label} в {target.label}?",
                            lost=f"Класс {row.label} будет удалён из этого учебного года."):
            return
        run_quick(self, lambda: merge_classes(self.ctx.uow(), source_id=row.id, target_id=target.id))
