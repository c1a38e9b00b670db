"""«Дополнительное образование»: clubs and sections with their orientation, and who attends each in
the chosen year (a checkable list of the year's students)."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.events.clubs import (ClubData, ClubRow, club_members, delete_club, list_clubs, save_club,
                                set_club_members, year_students)
from app.services.events.events import list_partner_choices
from app.services.labels import CLUB_ORIENTATION_LABELS
from app.services.text import counted, fold
from app.services.uow import Change
from app.ui.operations import run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.confirm import confirm_loss
from app.ui.widgets.common import rows_view, ok_cancel
from app.ui.widgets.table_model import ROW_ROLE, Column, RowsTableModel, RussianSortFilterProxy

COLUMNS = [
    Column("Кружок / секция", lambda r: r.name),
    Column("Направленность", lambda r: r.orientation_label),
    Column("Партнёр", lambda r: r.partner_name),
    Column("Руководитель", lambda r: r.leader),
    Column("Занимаются", lambda r: r.members, align_right=True),
    Column("Работает", lambda r: "да" if r.is_active else "нет"),
]


class ClubsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = RowsTableModel(COLUMNS, self)
        self.proxy = RussianSortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = rows_view(self.proxy, fit_contents=True)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.members())
        self.summary = QLabel()
        box = QHBoxLayout()
        edit = ctx.can(Permission.EDIT_EVENTS)
        for title, slot in (("Кто занимается…", self.members), ("Добавить…", self.add), ("Изменить…", self.edit),
                            ("Удалить", self.delete)):
            b = QPushButton(title)
            b.clicked.connect(slot)
            b.setVisible(edit)
            box.addWidget(b)
        box.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(box)
        ctx.year_changed.connect(lambda _y: self.refresh())
        self.refresher = follow_changes(self, ctx, {Change.CLUBS, Change.STUDENTS, Change.PARTNERS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if self.ctx.year is None:
            self.model.set_rows([])
            return
        if not (loaded := run_quick(self, lambda: list_clubs(self.ctx.uow(), self.ctx.year))):
            return
        rows = loaded.value
        self.model.set_rows(rows)
        self.summary.setText(f"{year_title(self.ctx.year)}: кружков — {len(rows)}, "
                             f"записей о занятиях — {sum(r.members for r in rows)}")

    def _club(self) -> ClubRow | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def add(self) -> None:
        ClubDialog(self.ctx, self).exec()

    def edit(self) -> None:
        if club := self._club():
            ClubDialog(self.ctx, self, club=club).exec()

    def delete(self) -> None:
        club = self._club()
        members = f" вместе с записями {counted(club.members, 'обучающегося', 'обучающихся', 'обучающихся')} " \
                  "о занятиях в нём" if club and club.members else ""
        if club and confirm_loss(self, "Кружки", f"Удалить «{club.name}»{members}?"):
            run_quick(self, lambda: delete_club(self.ctx.uow(), club.id))

    def members(self) -> None:
        club = self._club()
        if club is None or self.ctx.year is None:
            return
        MembersDialog(self.ctx, club, self).exec()


class ClubDialog(QDialog):
    def __init__(self, ctx, parent=None, *, club: ClubRow | None = None):
        super().__init__(parent)
        self.ctx, self.club = ctx, club
        self.setWindowTitle("Кружок / секция")
        self.name, self.leader, self.notes = QLineEdit(), QLineEdit(), QLineEdit()
        self.orientation = QComboBox()
        for code, label in CLUB_ORIENTATION_LABELS.items():
            self.orientation.addItem(label, code)
        self.partner = QComboBox()
        self.partner.addItem("—", None)
        for pid, name, _type in list_partner_choices(ctx.uow()):
            self.partner.addItem(name, pid)
        self.active = QCheckBox("работает")
        self.active.setChecked(True)
        form = QFormLayout(self)
        for label, w in (("Название:", self.name), ("Направленность:", self.orientation),
                         ("Партнёр (организация):", self.partner), ("Руководитель:", self.leader),
                         ("Примечание:", self.notes), ("", self.active)):
            form.addRow(label, w)
        box = ok_cancel(self)
        form.addRow(box)
        self.resize(480, 0)
        if club:
            self.name.setText(club.name)
            self.orientation.setCurrentIndex(self.orientation.findData(club.orientation))
            self.partner.setCurrentIndex(max(self.partner.findData(club.partner_id), 0))
            self.leader.setText(club.leader)
            self.notes.setText(club.notes)
            self.active.setChecked(club.is_active)

    def accept(self) -> None:
        data = ClubData(self.name.text(), self.orientation.currentData(), self.partner.currentData(),
                        self.leader.text(), self.notes.text(), self.active.isChecked())
        if run_quick(self, lambda: save_club(self.ctx.uow(), data, club_id=self.club.id if self.club else None)):
            super().accept()


class _FoldFilter(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.words: list[str] = []

    def filterAcceptsRow(self, row, parent) -> bool:
        text = self.sourceModel().index(row, 0, parent).data(Qt.ItemDataRole.UserRole + 1) or ""
        return all(w in text for w in self.words)


class MembersDialog(QDialog):
    """Tick the students who attend the club this year; search narrows the list by name or class."""

    def __init__(self, ctx, club: ClubRow, parent=None):
        super().__init__(parent)
        self.ctx, self.club = ctx, club
        self.setWindowTitle(f"{club.name}: кто занимается в {year_title(ctx.year)} учебном году")
        self.resize(520, 600)
        members = set(club_members(ctx.uow(), club.id, ctx.year))
        self.items = QStandardItemModel(self)
        for s in year_students(ctx.uow(), ctx.year):
            item = QStandardItem(f"{s.class_label}  {s.full_name}")
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if s.student_id in members else Qt.CheckState.Unchecked)
            item.setData(s.student_id, Qt.ItemDataRole.UserRole)
            item.setData(s.search_text, Qt.ItemDataRole.UserRole + 1)
            self.items.appendRow(item)
        self.proxy = _FoldFilter(self)
        self.proxy.setSourceModel(self.items)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии или классу")
        self.search.textChanged.connect(self._filter)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.count = QLabel()
        self.items.itemChanged.connect(lambda _i: self._count())
        box = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        layout.addWidget(box)
        self._count()

    def _filter(self, text: str) -> None:
        self.proxy.words = fold(text).split()
        self.proxy.invalidateFilter()

    def checked_ids(self) -> list[int]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.rowCount())
                if self.items.item(i).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        self.count.setText(f"Отмечено: {len(self.checked_ids())}")

    def accept(self) -> None:
        chosen = self.checked_ids()
        if run_quick(self, lambda: set_club_members(self.ctx.uow(), self.club.id, self.ctx.year, chosen)):
            super().accept()
