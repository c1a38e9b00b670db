"""The very first start on this computer, when there is no school database yet."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def ask_first_start() -> str | None:
    """"new" for a new school database, "demo" for the demonstration school, None to quit."""
    box = QMessageBox()
    box.setWindowTitle("ПрофТрек — первый запуск")
    box.setText("На этом компьютере ещё нет базы данных школы.")
    box.setInformativeText("Создайте базу своей школы или откройте демонстрационную школу, чтобы "
                           "познакомиться с программой на примере.")
    new = box.addButton("Создать базу школы", QMessageBox.ButtonRole.AcceptRole)
    demo = box.addButton("Открыть демонстрационную школу", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Выход", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is new:
        return "new"
    if clicked is demo:
        return "demo"
    return None
