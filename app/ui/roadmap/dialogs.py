"""Forms of the roadmap page: an item, a section, the roadmap's own details, a copy for a new period,
and the choice of a built-in template."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QFormLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QSpinBox, QVBoxLayout,
                               QWidget)

from app.services.roadmap.operations import ItemFields, RoadmapFields
from app.services.roadmap.templates import TemplateInfo
from app.ui.widgets.common import ok_cancel


def _text_edit(text: str, height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class ItemDialog(QDialog):
    """Мероприятие: № п/п, наименование, ответственный, срок, ожидаемый результат, форма представления."""

    def __init__(self, values: ItemFields | None = None, parent: QWidget | None = None, *, is_new: bool = True):
        super().__init__(parent)
        self.setWindowTitle("Новое мероприятие" if is_new else "Мероприятие дорожной карты")
        self.resize(620, 420)
        values = values or ItemFields()
        self.number = QLineEdit(values.number)
        self.number.setObjectName("item_number")
        self.number.setPlaceholderText("проставится сам" if is_new else "")
        self.title = _text_edit(values.title, 70)
        self.title.setObjectName("item_title")
        self.responsible = _text_edit(values.responsible, 50)
        self.deadline = QLineEdit(values.deadline)
        self.deadline.setObjectName("item_deadline")
        self.deadline.setPlaceholderText("например: Сентябрь-октябрь, до 15 мая, В течение года")
        self.expected_result = _text_edit(values.expected_result, 60)
        self.result_form = QLineEdit(values.result_form)
        form = QFormLayout()
        form.addRow("№ п/п:", self.number)
        form.addRow("Наименование мероприятия:", self.title)
        form.addRow("Ответственный исполнитель:", self.responsible)
        form.addRow("Срок реализации:", self.deadline)
        form.addRow("Ожидаемый результат:", self.expected_result)
        form.addRow("Форма представления результата:", self.result_form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self))

    def values(self) -> ItemFields:
        return ItemFields(number=self.number.text().strip(), title=self.title.toPlainText().strip(),
                          responsible=self.responsible.toPlainText().strip(), deadline=self.deadline.text().strip(),
                          expected_result=self.expected_result.toPlainText().strip(),
                          result_form=self.result_form.text().strip())

    def accept(self) -> None:
        if not self.values().title:
            QMessageBox.warning(self, "Мероприятие", "Укажите наименование мероприятия.")
            return
        super().accept()


class SectionDialog(QDialog):
    def __init__(self, number: str = "", title: str = "", parent: QWidget | None = None, *, is_new: bool = True,
                 can_nest: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Новый раздел" if is_new else "Раздел дорожной карты")
        self.resize(560, 200)
        self.number = QLineEdit(number)
        self.number.setPlaceholderText("проставится сам" if is_new else "")
        self.title = _text_edit(title, 60)
        self.title.setObjectName("section_title")
        self.nested = QCheckBox("внутри выбранного раздела (подраздел, например 4.1)")
        self.nested.setVisible(is_new and can_nest)
        form = QFormLayout()
        if not is_new:
            form.addRow("Номер:", self.number)
        form.addRow("Направление (раздел):", self.title)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.nested)
        layout.addWidget(ok_cancel(self))

    def accept(self) -> None:
        if not self.title.toPlainText().strip():
            QMessageBox.warning(self, "Раздел", "Укажите название раздела.")
            return
        super().accept()


def _year_spin(value: int | None) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1999, 2100)
    spin.setSpecialValueText("—")
    spin.setValue(value or 1999)
    return spin


class RoadmapDialog(QDialog):
    """The roadmap's own details: title, period, goal and tasks, approval, «Исполнитель»."""

    def __init__(self, values: RoadmapFields, parent: QWidget | None = None, *, is_new: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Новая дорожная карта" if is_new else "Сведения о дорожной карте")
        self.resize(680, 620)
        self.title = _text_edit(values.title, 60)
        self.title.setObjectName("roadmap_title")
        self.period_start = _year_spin(values.period_start)
        self.period_end = _year_spin(values.period_end)
        self.goal = _text_edit(values.goal, 60)
        self.tasks = _text_edit(values.tasks, 60)
        self.position = QLineEdit(values.approved_by_position)
        self.position.setPlaceholderText("например: Директор МАОУ СОШ № 38")
        self.name = QLineEdit(values.approved_by_name)
        self.name.setPlaceholderText("например: В.В. Борзенков")
        self.has_date = QCheckBox("дата утверждения известна")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        approved = values.approved_on or dt.date.today()
        self.date.setDate(QDate(approved.year, approved.month, approved.day))
        self.has_date.setChecked(values.approved_on is not None)
        self.date.setEnabled(values.approved_on is not None)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.order = QLineEdit(values.approval_order)
        self.order.setPlaceholderText("например: Приказ от 19.08.2023 № 120")
        self.executor = _text_edit(values.executor_block, 90)
        self.executor.setPlaceholderText("Пусто — подставится координатор из «Сведений об ОО»")
        form = QFormLayout()
        form.addRow("Название:", self.title)
        form.addRow("Период с (год):", self.period_start)
        form.addRow("по (год):", self.period_end)
        form.addRow("Цель:", self.goal)
        form.addRow("Задачи:", self.tasks)
        form.addRow(QLabel("<b>Утверждение</b>"))
        form.addRow("Должность утверждающего:", self.position)
        form.addRow("ФИО утверждающего:", self.name)
        form.addRow(self.has_date, self.date)
        form.addRow("Приказ:", self.order)
        form.addRow("Блок «Исполнитель»:", self.executor)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Создать" if is_new else "Сохранить"))

    def values(self) -> RoadmapFields:
        def year(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        d = self.date.date()
        return RoadmapFields(
            title=self.title.toPlainText().strip(), period_start=year(self.period_start),
            period_end=year(self.period_end), goal=self.goal.toPlainText().strip(),
            tasks=self.tasks.toPlainText().strip(), approved_by_name=self.name.text().strip(),
            approved_by_position=self.position.text().strip(),
            approved_on=dt.date(d.year(), d.month(), d.day()) if self.has_date.isChecked() else None,
            approval_order=self.order.text().strip(), executor_block=self.executor.toPlainText().strip())

    def accept(self) -> None:
        if not self.values().title:
            QMessageBox.warning(self, "Дорожная карта", "Укажите название дорожной карты.")
            return
        super().accept()


class CopyDialog(QDialog):
    """Copy a roadmap to a new period."""

    def __init__(self, period_start: int | None, period_end: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Копия дорожной карты на новый период")
        length = (period_end - period_start) if period_start and period_end else 2
        start = (period_end + 1) if period_end else dt.date.today().year
        self.start = _year_spin(start)
        self.end = _year_spin(start + length)
        self.current = QCheckBox("сделать новую карту текущей")
        self.current.setChecked(True)
        form = QFormLayout()
        form.addRow("Период с (год):", self.start)
        form.addRow("по (год):", self.end)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Разделы, мероприятия и показатели копируются; отметки о выполнении — нет."))
        layout.addLayout(form)
        layout.addWidget(self.current)
        layout.addWidget(ok_cancel(self, "Копировать"))


class TemplateDialog(QDialog):
    """Choose one of the built-in roadmaps as the start of a new one."""

    def __init__(self, templates: list[TemplateInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Новая дорожная карта из шаблона")
        self.resize(640, 320)
        self.list = QListWidget()
        self.list.setObjectName("template_list")
        for t in templates:
            item = QListWidgetItem(f"{t.name}\n{t.period or 'без периода'} · разделов: {t.sections} · "
                                   f"мероприятий: {t.items}" + (f" · показателей: {t.indicators}"
                                                                  if t.indicators else ""))
            item.setData(Qt.ItemDataRole.UserRole, t.code)
            item.setToolTip(t.title)
            self.list.addItem(item)
        if templates:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Шаблон — готовая дорожная карта, которую можно затем изменить под свою школу:"))
        layout.addWidget(self.list)
        layout.addWidget(ok_cancel(self, "Создать"))

    def code(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
