"""«Переход на новый учебный год»: a wizard that shows what will happen, lets the user keep 9th graders
who go on to 10th (by class or one by one) and mark leavers, then applies it after a backup copy."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QLabel, QLineEdit, QListView, QTreeView, QVBoxLayout, QWizard, QWizardPage)

from app.services.calendar import year_title
from app.services.students.rollover import RolloverChoice, RolloverPlan, apply_rollover, plan_rollover
from app.services.text import fold
from app.ui.operations import run_operation

ID_ROLE = Qt.ItemDataRole.UserRole + 1
FOLD_ROLE = Qt.ItemDataRole.UserRole + 2


def _checked(item: QStandardItem) -> bool:
    return item.checkState() == Qt.CheckState.Checked


class IntroPage(QWizardPage):
    def __init__(self, plan: RolloverPlan):
        super().__init__()
        self.plan = plan
        self.setTitle(f"Переход с {year_title(plan.from_year)} на {year_title(plan.to_year)} учебный год")
        moving = sum(1 for c in plan.classes if c.new_label)
        text = (f"Будет создан {year_title(plan.to_year)} учебный год. Классов: {len(plan.classes)}, из них "
                f"перейдут в следующую параллель: {moving}; учащихся: {len(plan.students)}."
                "<br><br>9 и 11 классы будут отмечены выпускниками "
                f"{year_title(plan.from_year)} учебного года — на следующем шаге отметьте девятиклассников, "
                "которые продолжают обучение в 10 классе. Затем можно отметить выбывающих."
                "<br><br>Классы, участие и показатели прошлого года не меняются. Перед переходом будет сделана "
                "резервная копия базы.")
        if plan.already_left:
            text += f"<br><br>Выбыли в течение года и не переводятся: {plan.already_left}."
        if plan.next_year_has_students:
            text = (f"<b>В {year_title(plan.to_year)} учебном году уже есть учащиеся</b>: переход уже выполнен "
                    "или список загружен. Переводите отдельных учащихся на вкладке «Учащиеся».")
        label = QLabel(text)
        label.setObjectName("rollover_intro")
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def isComplete(self) -> bool:
        return not self.plan.next_year_has_students


class KeepPage(QWizardPage):
    """9th graders by class; a ticked student stays at school and goes on to 10th."""

    def __init__(self, plan: RolloverPlan):
        super().__init__()
        self.setTitle("Кто из 9 классов продолжает обучение в 10 классе")
        self.setSubTitle("Отметьте класс целиком или отдельных учащихся. Неотмеченные будут выпускниками.")
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Класс / учащийся"])
        by_class: dict[int, QStandardItem] = {}
        for student in plan.students:
            if student.grade != 9:
                continue
            parent = by_class.get(student.class_id)
            if parent is None:
                parent = QStandardItem(f"{student.class_label} → 10{student.class_label[1:]}")
                parent.setCheckable(True)
                parent.setEditable(False)
                parent.setData(student.class_id, ID_ROLE)
                by_class[student.class_id] = parent
                self.model.appendRow(parent)
            child = QStandardItem(student.full_name)
            child.setCheckable(True)
            child.setEditable(False)
            child.setData(student.id, ID_ROLE)
            parent.appendRow(child)
        self.view = QTreeView()
        self.view.setObjectName("rollover_keep")
        self.view.setModel(self.model)
        self.view.expandAll()
        self._syncing = False
        self.model.itemChanged.connect(self._item_changed)
        layout = QVBoxLayout(self)
        if not by_class:
            layout.addWidget(QLabel("В этом году нет 9 классов."))
        layout.addWidget(self.view)

    def _item_changed(self, item: QStandardItem) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            if item.parent() is None:           # a class: all its students follow
                state = Qt.CheckState.Checked if item.checkState() != Qt.CheckState.Unchecked else \
                    Qt.CheckState.Unchecked
                item.setCheckState(state)
                for row in range(item.rowCount()):
                    item.child(row).setCheckState(state)
            else:
                parent = item.parent()
                ticked = sum(_checked(parent.child(r)) for r in range(parent.rowCount()))
                parent.setCheckState(Qt.CheckState.Unchecked if ticked == 0 else
                                     Qt.CheckState.Checked if ticked == parent.rowCount() else
                                     Qt.CheckState.PartiallyChecked)
        finally:
            self._syncing = False

    def class_item(self, row: int) -> QStandardItem:
        # Items are looked up in the model each time: a Python reference kept to an item the model owns
        # would outlive the model and crash the garbage collector.
        return self.model.item(row)

    def keep_ids(self) -> frozenset[int]:
        ids = set()
        for row in range(self.model.rowCount()):
            parent = self.model.item(row)
            ids.update(int(parent.child(r).data(ID_ROLE)) for r in range(parent.rowCount())
                       if _checked(parent.child(r)))
        return frozenset(ids)


class LeaversPage(QWizardPage):
    """Students (not graduating) who leave the school at the end of the year."""

    def __init__(self, plan: RolloverPlan):
        super().__init__()
        self.setTitle("Выбывающие")
        self.setSubTitle("Отметьте учащихся, которые не продолжат обучение в школе (переезд, перевод). "
                         "Они будут отмечены выбывшими; их записи сохранятся.")
        self.model = QStandardItemModel(self)
        for student in plan.students:
            if student.grade == 11:
                continue
            item = QStandardItem(f"{student.full_name} ({student.class_label})")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(student.id, ID_ROLE)
            item.setData(fold(student.full_name), FOLD_ROLE)
            self.model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FOLD_ROLE)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self.proxy.setFilterFixedString(fold(text)))
        self.view = QListView()
        self.view.setObjectName("rollover_leavers")
        self.view.setModel(self.proxy)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view)

    def leaver_ids(self) -> frozenset[int]:
        return frozenset(int(self.model.item(r).data(ID_ROLE)) for r in range(self.model.rowCount())
                         if _checked(self.model.item(r)))


class SummaryPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("Проверьте перед переходом")
        self.label = QLabel()
        self.label.setObjectName("rollover_summary")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Выполнить переход")

    def initializePage(self) -> None:
        wizard = self.wizard()
        plan, keep, leavers = wizard.plan, wizard.keep.keep_ids(), wizard.leavers.leaver_ids()
        lines = []
        for c in plan.classes:
            students = [s for s in plan.students if s.class_id == c.class_id]
            if c.grade == 11:
                lines.append(f"{c.label}: выпускники — {len(students)}")
            elif c.grade == 9:
                kept = [s for s in students if s.id in keep]
                lines.append(f"{c.label}: выпускники — {len(students) - len(kept)}, переходят в {c.new_label} — "
                             f"{len(kept) - len({s.id for s in kept} & leavers)}")
            else:
                moving = [s for s in students if s.id not in leavers]
                lines.append(f"{c.label} → {c.new_label}: {len(moving)}")
        lines.append(f"<b>Выбывают: {len(leavers - {s.id for s in plan.graduation_candidates if s.id not in keep})}"
                     "</b>")
        self.label.setText(f"Учебный год {year_title(plan.from_year)} → {year_title(plan.to_year)}.<br>"
                           + "<br>".join(lines)
                           + "<br><br>Перед переходом будет сделана резервная копия базы.")

    def validatePage(self) -> bool:
        wizard = self.wizard()
        if wizard.outcome is not None:
            return True
        choice = RolloverChoice(wizard.keep.keep_ids(), wizard.leavers.leaver_ids())
        waiting = [True]

        def done(outcome) -> None:
            wizard.outcome = outcome
            if not waiting[0]:        # finished in the background after this method returned: move on now
                wizard.next()

        run_operation(wizard, lambda progress, cancelled: apply_rollover(
            wizard.ctx.uow(), from_year=wizard.plan.from_year, choice=choice, progress=progress,
            cancelled=cancelled), title="Переход на новый учебный год…", on_success=done, cancellable=True)
        waiting[0] = False
        return wizard.outcome is not None


class ResultPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("Переход выполнен")
        self.label = QLabel()
        self.label.setObjectName("rollover_result")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)

    def initializePage(self) -> None:
        outcome = self.wizard().outcome
        if outcome is not None:
            text = outcome.describe()
            if outcome.backup:
                text += f"\n\nРезервная копия: {outcome.backup}"
            self.label.setText(text)


class RolloverWizard(QWizard):
    def __init__(self, ctx, from_year: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.plan = plan_rollover(ctx.uow(), from_year=from_year)
        self.outcome = None
        self.setWindowTitle("Переход на новый учебный год")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(720, 540)
        for button, text in ((QWizard.WizardButton.NextButton, "Далее >"),
                             (QWizard.WizardButton.BackButton, "< Назад"),
                             (QWizard.WizardButton.FinishButton, "Готово"),
                             (QWizard.WizardButton.CancelButton, "Отмена")):
            self.setButtonText(button, text)
        self.intro = IntroPage(self.plan)
        self.keep = KeepPage(self.plan)
        self.leavers = LeaversPage(self.plan)
        self.summary = SummaryPage()
        self.result_page = ResultPage()
        for page in (self.intro, self.keep, self.leavers, self.summary, self.result_page):
            self.addPage(page)
