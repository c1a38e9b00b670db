"""The «Мероприятия» and «Выпускники» pages: list, filters, the event dialog, editing graduates."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.services.events.attendance import AttendanceMark, save_attendance
from app.services.events.events import EventData, create_event, get_event, list_events
from app.services.events.graduates import list_graduates
from app.services.events.partners import PartnerData, save_partner
from app.ui.events.event_dialog import EventDialog
from app.ui.events.page import EventsPage
from app.ui.graduates.model import DESTINATION, EXAM, INSTITUTION
from app.ui.graduates.page import GraduatesPage
from app.ui.widgets.combo_delegate import VALUE_ROLE
from tests.events_data import DAY, make_roster


def test_event_list_filters_and_counts(qtbot, app_context, uow):
    roster = make_roster(uow, classes={"7А": ["Иванов Иван"], "9А": ["Петров Пётр"]})
    e1 = create_event(uow, EventData(title="Экскурсия на завод", category="excursion", starts_on=DAY,
                                     target_grades="7"))
    create_event(uow, EventData(title="Ярмарка", category="fair", starts_on=dt.date(2026, 12, 1), target_grades="9"))
    save_attendance(uow, e1, [AttendanceMark(roster.students[("7А", "Иванов Иван")], "attended")])
    app_context.set_year(2026)   # the context was made before the year existed
    page = EventsPage(app_context)
    qtbot.addWidget(page)
    tab = page.events
    assert tab.proxy.rowCount() == 2
    assert "участников (по мероприятиям): 1" in tab.status.text()
    tab.month.setCurrentIndex(tab.month.findData(12))
    assert tab.proxy.rowCount() == 1
    tab.month.setCurrentIndex(0)
    tab.school_class.setCurrentIndex(tab.school_class.findText("7А"))
    assert tab.proxy.rowCount() == 1
    tab.school_class.setCurrentIndex(0)
    qtbot.keyClicks(tab.search, "yarm")   # no match in Latin
    assert tab.proxy.rowCount() == 0
    tab.search.setText("ЯРМАРКА")
    assert tab.proxy.rowCount() == 1
    assert page.tabs.tabText(1) == "Партнёры и договоры" and page.tabs.tabText(2) == "Дополнительное образование"


def test_event_dialog_creates_and_copies(qtbot, app_context, uow):
    partner = save_partner(uow, PartnerData(name="Колледж", type="poo"))
    dialog = EventDialog(app_context, default_date=DAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title, "Day of open doors")
    dialog.category.setCurrentIndex(dialog.category.findText("День открытых дверей"))
    dialog.organizer.setCurrentIndex(1)
    qtbot.keyClicks(dialog.grades, "9-11")
    dialog.hours.setValue(2.5)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = get_event(uow, dialog.saved_id)
    assert (saved.category, saved.organizer_partner_id, saved.organizer_type, saved.target_grades, saved.hours) == \
        ("open_day", partner, "poo", "9,10,11", 2.5)
    copy = EventDialog(app_context, copy_of=dialog.saved_id)
    qtbot.addWidget(copy)
    assert copy.organizer.currentIndex() == 1 and copy.grades.text() == "9-11"
    copy.accept()
    assert len(list_events(uow)) == 2


def test_event_dialog_shows_a_russian_error(qtbot, app_context, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    dialog = EventDialog(app_context, default_date=DAY)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert shown == ["Укажите название мероприятия."]
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_graduates_page_edit_and_save(qtbot, app_context, uow):
    roster = make_roster(uow, classes={"9А": ["Антонов Антон"], "11А": ["Громов Глеб"], "8А": ["Мимо Проходил"]})
    partner = save_partner(uow, PartnerData(name="БФУ им. И. Канта", short_name="БФУ", type="vo"))
    app_context.set_year(2026)
    page = GraduatesPage(app_context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 2
    assert not page.save_button.isEnabled()
    source = page.model
    gromov = next(i for i, r in enumerate(source.rows) if r.full_name == "Громов Глеб")
    source.setData(source.index(gromov, DESTINATION), "vo", VALUE_ROLE)
    source.setData(source.index(gromov, INSTITUTION), ("partner", partner), VALUE_ROLE)
    source.setData(source.index(gromov, EXAM), True, VALUE_ROLE)
    assert source.index(gromov, INSTITUTION).data() == "БФУ"
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    row = next(r for r in list_graduates(uow, 2026) if r.student_id == roster.students[("11А", "Громов Глеб")])
    assert (row.destination, row.institution_partner_id, row.exam_matches) == ("vo", partner, True)
    assert not page.save_button.isEnabled()
    page.grade.setCurrentIndex(page.grade.findData(9))
    assert page.proxy.rowCount() == 1


def test_class_teacher_sees_no_graduates_and_no_event_editing(qtbot, database):
    from app.services.access import Role
    from app.ui.context import AppContext
    from tests.conftest import make_actor
    ctx = AppContext(database, make_actor(Role.CLASS_TEACHER))
    page = GraduatesPage(ctx)
    qtbot.addWidget(page)
    assert "Недостаточно прав" in page.summary.text() and page.model.rowCount() == 0
    events = EventsPage(ctx)
    qtbot.addWidget(events)
    assert events.events.buttons["add"].isHidden() and not events.events.buttons["attendance"].isHidden()


def test_new_user_event_type_from_the_dialog(qtbot, app_context, uow, monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Профориентационный квест", True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Классный час / день профориентации", True))
    dialog = EventDialog(app_context, default_date=DAY)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.new_type, Qt.MouseButton.LeftButton)
    assert dialog.category.currentText() == "Профориентационный квест (Классный час / день профориентации)"
    dialog.title.setText("Квест «Профессии города»")
    dialog.accept()
    saved = get_event(uow, dialog.saved_id)
    assert saved.category == "class_hour" and saved.event_type_id is not None


def test_log_import_from_the_events_tab_asks_then_loads(qtbot, app_context, uow, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog
    make_roster(uow, classes={"7А": ["Иванов Иван"]})
    app_context.set_year(2026)
    book = openpyxl.Workbook()
    book.active.append(["Дата", "Мероприятие", "Категория", "ФИО", "Класс"])
    book.active.append([DAY, "Классный час", "Классный час / день профориентации", "Иванов Иван", "7А"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    from app.ui.widgets.import_preview import ImportPreviewDialog
    asked, told = [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: asked.append(self.summary.text())
                        or QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: told.append(text))
    page = EventsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.events.buttons["import"], Qt.MouseButton.LeftButton)
    assert "новых мероприятий: 1" in asked[0] and "Журнал участия загружен" in told[0]
    assert page.events.proxy.rowCount() == 1
    assert page.events.model.rows[0].participants == 1


def test_class_sheet_round_trip_from_the_attendance_dialog(qtbot, app_context, uow, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from app.ui.events.attendance_dialog import AttendanceDialog
    make_roster(uow, classes={"7А": ["Иванов Иван", "Петров Пётр"]})
    event = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7"))
    path = tmp_path / "7А.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    from app.ui.widgets.import_preview import ImportPreviewDialog
    previews = []

    def accept(self):
        table = self.tabs.widget(0).model()
        previews.append([[table.index(r, c).data() for c in range(3)] for r in range(table.rowCount())])
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(ImportPreviewDialog, "exec", accept)
    dialog = AttendanceDialog(app_context, event)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.sheet_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(path)
    book["Отметка"]["C11"] = "участвовал"      # Петров
    book.save(path)
    qtbot.mouseClick(dialog.load_sheet_button, Qt.MouseButton.LeftButton)
    assert previews[0] == [["Петров Пётр", "не отмечен", "участвовал"]]
    assert [r.status for r in dialog.model.rows] == [None, "attended"]
