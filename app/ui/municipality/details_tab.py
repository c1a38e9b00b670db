"""«Сведения о муниципалитете»: the name of the education authority and its specialist, who signs the summary."""
from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services.access import Permission
from app.ui.operations import run_quick
from app.services.municipality import MunicipalityDetails, get_municipality, save_municipality
from app.services.municipality.setup import FIELD_LABELS


class MunicipalityDetailsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.editors: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in FIELD_LABELS.items():
            editor = QLineEdit()
            editor.setObjectName(f"municipality_{name}")
            self.editors[name] = editor
            form.addRow(label + ":", editor)
        hint = QLabel("Наименование и исполнитель подставляются в сводный отчёт и в форму региона.")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).setText("Отменить изменения")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.load)
        self.status = QLabel("")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        editable = ctx.can(Permission.EDIT_SCHOOL)
        for editor in self.editors.values():
            editor.setReadOnly(not editable)
        self.buttons.setVisible(editable)
        self.load()

    def load(self) -> None:
        self.status.setText("")
        details = get_municipality(self.ctx.uow())
        for name, editor in self.editors.items():
            editor.setText(getattr(details, name))

    def save(self) -> bool:
        details = MunicipalityDetails(**{f.name: self.editors[f.name].text() for f in fields(MunicipalityDetails)})
        if not run_quick(self, lambda: save_municipality(self.ctx.uow(), details), title="Сведения о муниципалитете"):
            return False
        self.status.setText("Сведения сохранены.")
        return True
