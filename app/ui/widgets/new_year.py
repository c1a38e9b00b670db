"""«Новый учебный год…»: where the years are (the main window's year switcher), for a school that has none
yet or is about to start the next one."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.services.calendar import year_title
from app.services.students.years import add_academic_year, year_choices
from app.ui.operations import run_quick
from app.ui.widgets.common import ok_cancel


class NewYearDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.added: int | None = None
        self.setWindowTitle("Новый учебный год")
        choices, suggested = year_choices(ctx.uow())
        self.year = QComboBox()
        self.year.setObjectName("new_year_box")
        for start in choices:
            self.year.addItem(year_title(start), start)
        self.year.setCurrentIndex(self.year.findData(suggested))
        self.make_current = QCheckBox("сделать текущим")
        self.make_current.setChecked(True)
        hint = QLabel("Классы и обучающихся года можно загрузить списком или перенести из прошлого года "
                      "(«Учащиеся» → «Переход на новый учебный год»).")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Учебный год:", self.year)
        form.addRow("", self.make_current)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(ok_cancel(self, ok_text="Добавить"))
        self.setMinimumWidth(420)

    def accept(self) -> None:
        start = int(self.year.currentData())
        if not run_quick(self, lambda: add_academic_year(self.ctx.uow(), start,
                                                         make_current=self.make_current.isChecked()),
                         title="Новый учебный год"):
            return
        self.added = start
        super().accept()


def ask_new_year(ctx, parent: QWidget | None = None) -> int | None:
    """Add a year chosen by the user; its first calendar year, or None."""
    made = run_quick(parent, lambda: NewYearDialog(ctx, parent), title="Новый учебный год", ctx=ctx)
    if not made:
        return None
    dialog = made.value
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.added is None:
        return None
    ctx.set_year(dialog.added)
    return dialog.added


def ask_import_year(parent: QWidget | None, path, *, title: str = "Загрузка списка") -> int | None:
    """The year a first import goes into: the one the file names, else the user's choice (the year that
    contains today offered first). None if the user cancelled."""
    import datetime as dt

    from PySide6.QtWidgets import QInputDialog

    from app.services.calendar import start_year_of
    from app.services.students.years import year_named_in_file

    named = year_named_in_file(path)   # None too for a file it cannot read: the import itself says what is wrong
    if named is not None:
        return named
    this = start_year_of(dt.date.today())
    starts = [this, this + 1, this - 1]
    label, ok = QInputDialog.getItem(parent, title, "В файле не указан учебный год. В какой год загрузить список?",
                                     [year_title(s) for s in starts], 0, False)
    if not ok:
        return None
    return starts[[year_title(s) for s in starts].index(label)]
