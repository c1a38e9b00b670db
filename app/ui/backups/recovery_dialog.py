"""Told plainly at start: the database file is damaged; the newest good copy is offered with its date."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME
from app.services.access import system_actor
from app.services.storage.integrity import Damage
from app.services.storage.restore import restore_backup


def recovery_box(damage: Damage, parent: QWidget | None = None) -> tuple[QMessageBox, object]:
    """The message and its «Восстановить копию от …» button (None when there is no good copy)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(f"{APP_NAME} — база данных повреждена")
    box.setText("База данных повреждена, её нельзя открыть.")
    box.setInformativeText(damage.message())
    restore = None
    if damage.backup is not None:
        restore = box.addButton(f"Восстановить копию от {damage.backup.taken_at:%d.%m.%Y %H:%M}",
                                QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("Выход", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_button)
    return box, restore


def offer_recovery(damage: Damage, parent: QWidget | None = None) -> bool:
    """True when the database was restored from the offered copy; False when the user chose to quit."""
    box, restore = recovery_box(damage, parent)
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    result = restore_backup(damage.path, damage.backup.path, actor=system_actor("восстановление при запуске"))
    QMessageBox.information(
        parent, APP_NAME,
        f"База восстановлена из копии от {result.taken_at:%d.%m.%Y %H:%M}.\n"
        f"Повреждённый файл сохранён как «{result.damaged_set_aside.name if result.damaged_set_aside else '—'}» "
        "в папке базы данных: его можно передать специалисту.")
    return True
