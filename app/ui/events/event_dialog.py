"""The event dialog: title, category (or a user type mapped to one), dates, format, organiser,
target grades, hours, the roadmap item it fulfils, notes."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QDoubleSpinBox, QFormLayout, QHBoxLayout,
                               QInputDialog, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout)

from app.services.events.events import (EventData, create_event, get_event, list_event_types, list_partner_choices,
                                 list_roadmap_items, save_event_type, update_event)
from app.services.labels import EVENT_CATEGORY_LABELS, EVENT_FORMAT_LABELS
from app.ui.operations import run_quick
from app.ui.widgets.common import ok_cancel


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class EventDialog(QDialog):
    """Create (event_id None), change, or — with `copy_of` — start from another event's details."""

    def __init__(self, ctx, parent=None, *, event_id: int | None = None, copy_of: int | None = None,
                 default_date: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.saved_id: int | None = None
        self.setWindowTitle("Мероприятие" if event_id else "Новое мероприятие")
        self.resize(620, 520)
        self.title = QLineEdit()
        self.title.setObjectName("event_title")
        self.category = QComboBox()
        self.category.setObjectName("event_category")
        self.category.setMaxVisibleItems(25)
        for code, label in EVENT_CATEGORY_LABELS.items():
            self.category.addItem(label, (code, None))
        for t in list_event_types(ctx.uow()):
            self.category.addItem(f"{t.name} ({EVENT_CATEGORY_LABELS[t.category]})", (t.category, t.id))
        self.new_type = QPushButton("Новый тип…")
        self.new_type.setToolTip("Свой тип мероприятия (например, «Профориентационный квест») в одной из категорий")
        self.new_type.clicked.connect(self.add_event_type)
        category_row = QHBoxLayout()
        category_row.addWidget(self.category, 1)
        category_row.addWidget(self.new_type)
        self.starts_on = QDateEdit(calendarPopup=True)
        self.starts_on.setDisplayFormat("dd.MM.yyyy")
        self.has_end = QCheckBox("по")
        self.ends_on = QDateEdit(calendarPopup=True)
        self.ends_on.setDisplayFormat("dd.MM.yyyy")
        self.ends_on.setEnabled(False)
        self.has_end.toggled.connect(self.ends_on.setEnabled)
        dates = QHBoxLayout()
        dates.addWidget(self.starts_on)
        dates.addWidget(self.has_end)
        dates.addWidget(self.ends_on)
        dates.addStretch(1)
        self.format = QComboBox()
        for code, label in EVENT_FORMAT_LABELS.items():
            self.format.addItem(label, code)
        self.organizer = QComboBox()
        self.organizer.addItem("Школа (сама)", ("school", None))
        from app.services.labels import ORGANIZER_TYPE_LABELS
        for pid, name, ptype in list_partner_choices(ctx.uow()):
            self.organizer.addItem(f"{name} — {ORGANIZER_TYPE_LABELS[ptype]}", (ptype, pid))
        self.grades = QLineEdit()
        self.grades.setObjectName("event_grades")
        self.grades.setPlaceholderText("например, 6-11 или 5, 7; пусто — все классы")
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.roadmap = QComboBox()
        self.roadmap.addItem("—", None)
        for item in list_roadmap_items(ctx.uow()):
            self.roadmap.addItem(item.label[:110], item.id)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        form = QFormLayout()
        form.addRow("Название:", self.title)
        form.addRow("Категория:", category_row)
        form.addRow("Дата:", dates)
        form.addRow("Формат:", self.format)
        form.addRow("Организатор:", self.organizer)
        form.addRow("Классы (параллели):", self.grades)
        form.addRow("Часы:", self.hours)
        form.addRow("Пункт дорожной карты:", self.roadmap)
        form.addRow("Примечание:", self.notes)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        source = event_id or copy_of
        if source:
            self._fill(get_event(ctx.uow(), source))
            if copy_of:
                self.setWindowTitle("Копия мероприятия")
        else:
            self.starts_on.setDate(_qdate(default_date or dt.date.today()))
            self.ends_on.setDate(self.starts_on.date())

    def add_event_type(self) -> None:
        name, ok = QInputDialog.getText(self, "Новый тип мероприятия", "Название типа:")
        if not ok or not name.strip():
            return
        labels = list(EVENT_CATEGORY_LABELS.values())
        current = self.category.currentData()[0]
        label, ok = QInputDialog.getItem(self, "Новый тип мероприятия", f"К какой категории относится «{name.strip()}»?",
                                         labels, labels.index(EVENT_CATEGORY_LABELS[current]), False)
        if not ok:
            return
        category = next(code for code, text in EVENT_CATEGORY_LABELS.items() if text == label)
        if not (saved := run_quick(self, lambda: save_event_type(self.ctx.uow(), name, category))):
            return
        self.category.addItem(f"{name.strip()} ({label})", (category, saved.value))
        self.category.setCurrentIndex(self.category.count() - 1)

    def _select(self, combo: QComboBox, value) -> None:
        # Item data that is a tuple comes back from Qt as a list: compare as tuples.
        norm = lambda v: tuple(v) if isinstance(v, (list, tuple)) else v  # noqa: E731
        for pos in range(combo.count()):
            if norm(combo.itemData(pos)) == norm(value):
                combo.setCurrentIndex(pos)
                return

    def _fill(self, data: EventData) -> None:
        self.title.setText(data.title)
        self._select(self.category, (data.category, data.event_type_id))
        self.starts_on.setDate(_qdate(data.starts_on))
        self.has_end.setChecked(data.ends_on is not None)
        self.ends_on.setDate(_qdate(data.ends_on or data.starts_on))
        self._select(self.format, data.format)
        self._select(self.organizer, (data.organizer_type, data.organizer_partner_id))
        from app.services.events.events import grades_label
        grades = [int(g) for g in data.target_grades.split(",") if g]
        self.grades.setText(grades_label(grades).replace("–", "-") if grades else "")
        self.hours.setValue(data.hours)
        self._select(self.roadmap, data.roadmap_item_id)
        self.notes.setPlainText(data.notes)

    def data(self) -> EventData:
        category, type_id = self.category.currentData()
        organizer_type, partner_id = self.organizer.currentData()
        return EventData(title=self.title.text(), category=category, event_type_id=type_id,
                         starts_on=_pydate(self.starts_on.date()),
                         ends_on=_pydate(self.ends_on.date()) if self.has_end.isChecked() else None,
                         format=self.format.currentData(), organizer_type=organizer_type,
                         organizer_partner_id=partner_id, target_grades=self.grades.text(),
                         hours=self.hours.value(), roadmap_item_id=self.roadmap.currentData(),
                         notes=self.notes.toPlainText())

    def accept(self) -> None:
        data = self.data()

        def save() -> int:
            if self.event_id:
                update_event(self.ctx.uow(), self.event_id, data)
                return self.event_id
            return create_event(self.ctx.uow(), data)

        if saved := run_quick(self, save):
            self.saved_id = saved.value
            super().accept()
