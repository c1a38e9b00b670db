"""The one import preview in the window: a «Билет в будущее» list with a student the roster lacks is shown with
the problem by row, «Загрузить» stays off until the user ticks «load the rest», and then the rest is loaded."""
from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlalchemy import func, select

from app.models import Participation
from app.ui.events.page import EventsPage
from app.ui.widgets.import_preview import ImportPreviewDialog
from tests.events_data import make_roster


def test_unknown_student_is_listed_and_the_rest_loads_only_when_ticked(qtbot, app_context, uow, tmp_path,
                                                                       monkeypatch):
    make_roster(uow, classes={"8Б": ["Иванов Иван Иванович", "Петрова Анна Сергеевна"]})
    app_context.set_year(2026)
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Отчёт по участникам проекта «Билет в будущее»"])
    ws.append(["ФИО", "Класс (без буквы)", "Буква класса", "Названия профпроб", "Даты прохождения профпроб"])
    ws.append(["Иванов Иван Иванович", 8, "Б", "Повар, Сварщик", "01.10.2026, 15.10.2026"])
    ws.append(["Выбывший Артём", 8, "Б", "Повар", "01.10.2026"])
    ws.append(["Петрова Анна Сергеевна", 8, "Б", "Повар", "01.10.2026"])
    path = tmp_path / "бвб.xlsx"
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    seen: dict = {}

    def refuse(self):
        seen["ok_before"] = self.ok_button.isEnabled()
        seen["box_visible"] = not self.load_rest_box.isHidden()
        model = self.problem_view.model()
        seen["problem"] = [model.index(0, c).data() for c in range(4)]
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(ImportPreviewDialog, "exec", refuse)
    page = EventsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.events.buttons["import"], Qt.MouseButton.LeftButton)
    assert seen["ok_before"] is False and seen["box_visible"]
    assert seen["problem"][:3] == ["4", "ФИО", "Выбывший Артём"] and "не найден" in seen["problem"][3]
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(Participation)) == 0

    def load_rest(self):
        qtbot.mouseClick(self.load_rest_box, Qt.MouseButton.LeftButton)
        seen["ok_after"] = self.ok_button.isEnabled()
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ImportPreviewDialog, "exec", load_rest)
    qtbot.mouseClick(page.events.buttons["import"], Qt.MouseButton.LeftButton)
    assert seen["ok_after"] is True
    assert told and "Пропущено строк с обучающимися, которых нет в списке школы: 1" in told[-1]
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(Participation)) == 3
    assert page.events.proxy.rowCount() == 2
