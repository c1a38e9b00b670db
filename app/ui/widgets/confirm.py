"""The one confirmation before something is lost: it names what goes with it, and Enter or Esc answers
«Отмена» — only a deliberate click (or Alt+Д) deletes."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_loss(parent: QWidget | None, title: str, question: str, *, lost: str = "",
                 irreversible: bool = True) -> bool:
    """Ask `question` («Удалить мероприятие «…»?»), followed by what goes with it (`lost`, e.g. «Вместе с ним
    будут удалены 40 отметок участия.») and whether it can be undone. True only for «Да»."""
    text = question
    if lost:
        text += "\n\n" + lost
    if irreversible:
        text += "\n\nОтменить это действие будет нельзя."
    # The static call (not an instance) keeps one seam for tests and scripts that answer dialogs.
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes
