"""Qt's own texts are Russian, and a destructive confirmation answers «Отмена» to Enter and says what goes."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from app.services.events.attendance import AttendanceMark, save_attendance
from app.services.events.events import EventData, create_event, list_events
from app.ui.translations import install_russian_translations
from tests.events_data import DAY, make_roster


def _answer_when_shown(qtbot, act):
    """Run `act(box)` on the message box as soon as it is shown (the static call blocks until it closes)."""
    seen = {}

    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen["text"] = box.text()
            seen["default"] = box.defaultButton().text() if box.defaultButton() else None
            seen["buttons"] = sorted(b.text().replace("&", "") for b in box.buttons())
            act(box)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_standard_buttons_and_text_field_menus_read_russian(qapp):
    assert install_russian_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Discard
                           | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert "Сохранить" in texts and "Отмена" in texts and not texts & {"Save", "Cancel", "Discard"}
    # Leaving unsaved marks: «Не сохранять», not qtbase's «Отклонить» (which reads as refusing something offered).
    assert "Не сохранять" in texts and "Отклонить" not in texts
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    actions = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert "Вставить" in actions and "Select All" not in actions
    menu.deleteLater()


def test_the_file_dialog_reads_russian_too(qapp):
    from PySide6.QtWidgets import QFileDialog, QLabel

    install_russian_translations(qapp)
    dialog = QFileDialog(None, "Список", "", "Таблицы (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert {"Папка:", "Имя файла:", "Тип файлов:"} <= labels
    dialog.deleteLater()


def test_enter_on_a_delete_confirmation_keeps_the_event_and_its_marks(qtbot, qapp, app_context, uow):
    install_russian_translations(qapp)
    from app.ui.events.page import EventsPage

    names = [f"Ученик{i} Иван" for i in range(40)]
    roster = make_roster(uow, classes={"7А": names})
    event = create_event(uow, EventData(title="Урок «Россия — мои горизонты»", category="horizons", starts_on=DAY,
                                        target_grades="7"))
    save_attendance(uow, event, [AttendanceMark(roster.students[("7А", n)], "attended") for n in names])
    app_context.set_year(2026)
    page = EventsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    tab = page.events
    tab.view.selectRow(0)
    seen = _answer_when_shown(qtbot, lambda box: QTest.keyClick(box, Qt.Key.Key_Return))
    tab.delete()
    assert "вместе с 40 отметками участия" in seen["text"] and "нельзя" in seen["text"]
    assert seen["default"] == "Отмена" and seen["buttons"] == ["Да", "Отмена"]
    assert [e.marked for e in list_events(uow, year=2026)] == [40]

    seen = _answer_when_shown(qtbot, lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    tab.delete()
    assert [e.marked for e in list_events(uow, year=2026)] == [40]

    seen = _answer_when_shown(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    tab.delete()
    assert list_events(uow, year=2026) == []
