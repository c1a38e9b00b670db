"""pytest-qt: the students page (search as you type, class filter), the import preview and the rollover wizard."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.models import Enrollment, Student
from app.services.students.roster_import import preview_roster
from app.ui.widgets.import_preview import ImportPreviewDialog
from app.ui.students.page import StudentsPage
from app.ui.students.rollover_wizard import RolloverWizard
from tests.roster_files import make_pupils, write_csv, write_xlsx
from tests.ui.students.widgets import shown


@pytest.fixture
def page(qtbot, school, app_context):
    widget = shown(qtbot, StudentsPage(app_context), 1200, 700)
    yield widget
    widget.close()


@pytest.fixture
def no_message_boxes(monkeypatch):
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return shown


def type_text(widget, text: str) -> None:
    """Type like a user, key by key. QTest.keyClicks asserts on non-ASCII characters, so Cyrillic keys
    are sent as key events carrying their text, which is what a Russian keyboard layout produces."""
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    for ch in text:
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def names(tab) -> list[str]:
    return [r.full_name for r in tab.visible_rows()]


def test_search_box_refilters_as_you_type_and_e_finds_yo(qtbot, page):
    tab = page.students
    assert len(names(tab)) == 9
    type_text(tab.search, "елк")
    assert names(tab) == ["Ёлкин Иван Петрович"]
    tab.search.clear()
    type_text(tab.search, "ЕЛКИН")
    assert names(tab) == ["Ёлкин Иван Петрович"]
    tab.search.clear()
    type_text(tab.search, "петровна")
    assert sorted(names(tab)) == ["Белова Мария Петровна", "Громова Мария Петровна", "Жукова Мария Петровна"]
    assert tab.count_label.text() == "Показано 3 из 9"
    qtbot.keyClick(tab.search, Qt.Key.Key_Backspace)
    assert len(names(tab)) == 3


def test_class_filter_sorting_and_columns(qtbot, page, school):
    tab = page.students
    tab.class_box.setCurrentIndex(tab.class_box.findText("9А"))
    assert sorted(names(tab)) == ["Ворошилов Иван Петрович", "Громова Мария Петровна", "Дятлов Иван Петрович"]
    tab.class_box.setCurrentIndex(0)
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert names(tab)[:4] == ["Анисимов Иван Петрович", "Белова Мария Петровна", "Ворошилов Иван Петрович",
                              "Громова Мария Петровна"]
    assert names(tab)[5:7] == ["Ежов Иван Петрович", "Ёлкин Иван Петрович"]    # ё sorts with е
    proxy = tab.proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    assert headers[:6] == ["ФИО", "Класс", "Дата рождения", "ОВЗ", "Инвалидность", "Часы профориентации"]
    row = names(tab).index("Ёлкин Иван Петрович")
    assert proxy.index(row, 5).data() == "9"
    belova = names(tab).index("Белова Мария Петровна")
    assert proxy.index(belova, 3).data() == "ОВЗ"


def test_import_preview_with_two_bad_rows(qtbot, page, tmp_path, app_context, no_message_boxes, monkeypatch):
    pupils = make_pupils(30, start_year=2025)
    path = write_csv(tmp_path / "bad.csv", pupils, bad_rows={3: ["Петров Пётр Ильич", "13Я", "01.02.2012"],
                                                             5: ["Сидоров Иван Ильич", "6А", "31.02.2012"]})
    dialog = ImportPreviewDialog(preview_roster(app_context.uow(), path, start_year=2025).preview())
    qtbot.addWidget(dialog)
    assert "Ошибок: 2" in dialog.summary.text() and "Будет добавлено: 28" in dialog.summary.text()
    problems = dialog.problem_view.model()
    cells = {(problems.index(r, 0).data(), problems.index(r, 1).data(), problems.index(r, 2).data())
             for r in range(problems.rowCount())}
    assert cells == {("5", "Класс", "13Я"), ("7", "Дата рождения", "31.02.2012")}
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.load_rest_box, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled() and dialog.load_rest

    # Through the page: the preview dialog accepted with «only good rows» imports 28.
    def accept_only_good(self):
        self.load_rest_box.setChecked(True)
        return ImportPreviewDialog.DialogCode.Accepted
    monkeypatch.setattr(ImportPreviewDialog, "exec", accept_only_good)
    page.students.import_roster(path=str(path))
    assert page.students.last_import.added == 28
    assert len(names(page.students)) == 9 + 28
    assert "Добавлено учащихся: 28" in no_message_boxes[-1]


def test_import_of_a_clean_xlsx_through_the_page(qtbot, page, tmp_path, app_context, no_message_boxes, monkeypatch):
    path = write_xlsx(tmp_path / "roster.xlsx", make_pupils(60, start_year=2025), layout="grade_letter")
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: ImportPreviewDialog.DialogCode.Accepted)
    page.students.import_roster(path=str(path))
    with app_context.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Student)) == 69
    # Cancelling the preview writes nothing.
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: ImportPreviewDialog.DialogCode.Rejected)
    page.students.import_roster(path=str(write_csv(tmp_path / "more.csv", make_pupils(100, start_year=2025)[60:])))
    with app_context.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Student)) == 69


def test_rollover_wizard_keeps_one_ninth_grader(qtbot, school, app_context, no_message_boxes):
    wizard = RolloverWizard(app_context, 2025)
    qtbot.addWidget(wizard)
    wizard.show()
    assert "2026/2027" in wizard.intro.title()
    wizard.next()
    nine_a = wizard.keep.class_item(0)
    gromova = next(nine_a.child(r) for r in range(nine_a.rowCount()) if nine_a.child(r).text().startswith("Громова"))
    gromova.setCheckState(Qt.CheckState.Checked)
    assert nine_a.checkState() == Qt.CheckState.PartiallyChecked
    wizard.next()
    wizard.leavers.search.setText("белова")
    assert wizard.leavers.proxy.rowCount() == 1
    belova = wizard.leavers.model.item(next(r for r in range(wizard.leavers.model.rowCount())
                                            if wizard.leavers.model.item(r).text().startswith("Белова")))
    belova.setCheckState(Qt.CheckState.Checked)
    wizard.next()
    summary = wizard.summary.label.text()
    assert "9А: выпускники — 2, переходят в 10А — 1" in summary and "Выбывают: 1" in summary
    wizard.next()                                  # «Выполнить переход»
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=3000)
    assert "Переведено в следующий класс: 4" in wizard.result_page.label.text()
    with app_context.uow() as uow:
        graduates = uow.session.scalar(select(func.count()).select_from(Enrollment)
                                       .where(Enrollment.is_graduate.is_(True)))
        assert graduates == 4


def test_whole_class_check_ticks_every_student(qtbot, school, app_context):
    wizard = RolloverWizard(app_context, 2025)
    qtbot.addWidget(wizard)
    nine_a = wizard.keep.class_item(0)
    nine_a.setCheckState(Qt.CheckState.Checked)
    assert len(wizard.keep.keep_ids()) == 3
    nine_a.setCheckState(Qt.CheckState.Unchecked)
    assert wizard.keep.keep_ids() == frozenset()


def test_record_dialog_saves_pdf(qtbot, page, tmp_path, no_message_boxes, school):
    from app.ui.students.record_dialog import StudentRecordDialog
    from tests.pdf_text import pdf_text
    dialog = StudentRecordDialog(page.ctx, school.students["Ёлкин"])
    qtbot.addWidget(dialog)
    assert "Профпроба «Сварщик»" in dialog.view.toPlainText()
    dialog.save_pdf(str(tmp_path / "r.pdf"))
    assert "Ёлкин Иван Петрович" in pdf_text(tmp_path / "r.pdf")
    assert "Файл сохранён" in no_message_boxes[-1]


def test_page_reloads_on_year_and_data_changes(qtbot, page, app_context):
    tab = page.students
    app_context.set_year(2030)
    assert tab.model.rowCount() == 0
    app_context.set_year(2025)
    assert tab.model.rowCount() == 9


def test_sorting_by_a_column_keeps_the_selected_student(qtbot, page):
    tab = page.students
    row = names(tab).index("Громова Мария Петровна")
    tab.table.selectRow(row)
    tab.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)         # birth date, youngest first
    births = [r.birth_date for r in tab.visible_rows()]
    assert births == sorted(births, reverse=True)
    assert [r.full_name for r in tab.selected_rows()] == ["Громова Мария Петровна"]
    tab.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)         # hours
    assert names(tab)[0] == "Ёлкин Иван Петрович"
    assert [r.full_name for r in tab.selected_rows()] == ["Громова Мария Петровна"]


def test_classes_tab_add_and_merge(qtbot, page, monkeypatch, no_message_boxes):
    from PySide6.QtWidgets import QInputDialog

    from app.ui.students.classes_tab import ClassDialog
    page.tabs.setCurrentWidget(page.classes)
    dialog = ClassDialog(page.ctx, 2025, None, page)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.label, "7")
    dialog.label.setText(dialog.label.text() + " в")
    dialog.accept()
    assert dialog.result() == ClassDialog.DialogCode.Accepted
    labels = [c.label for c in page.classes.model.rows]
    assert "7В" in labels
    # A duplicate is refused with a message and the form stays open.
    again = ClassDialog(page.ctx, 2025, None, page)
    qtbot.addWidget(again)
    again.label.setText("7В")
    again.accept()
    assert again.result() != ClassDialog.DialogCode.Accepted and "уже есть" in no_message_boxes[-1]
    # Merge 8Б into 7В: the student moves, 8Б disappears.
    page.classes.table.selectRow(next(i for i in range(page.classes.proxy.rowCount())
                                      if page.classes.proxy.index(i, 0).data() == "8Б"))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("7В", True)))
    page.classes.merge_class()
    sizes = {c.label: c.size for c in page.classes.model.rows}
    assert "8Б" not in sizes and sizes["7В"] == 1
    page.tabs.setCurrentWidget(page.students)
    assert next(r for r in page.students.visible_rows() if r.last_name == "Белова").class_label == "7В"
