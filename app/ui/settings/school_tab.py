"""«Сведения об ОО»: the school's details that fill document headers and footers."""
from __future__ import annotations

from dataclasses import fields

from PySide6.QtWidgets import (QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from app.services import settings
from app.services.access import Permission
from app.services.school.details import FIELD_LABELS, SchoolDetails, get_school, save_school
from app.ui.operations import run_quick

MULTILINE = {"full_name", "address"}


class SchoolDetailsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.editors: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for name, label in FIELD_LABELS.items():
            editor: QLineEdit | QPlainTextEdit
            if name in MULTILINE:
                editor = QPlainTextEdit()
                editor.setFixedHeight(56)
                editor.setTabChangesFocus(True)
            else:
                editor = QLineEdit()
            editor.setObjectName(f"school_{name}")
            self.editors[name] = editor
            form.addRow(label + ":", editor)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        hint = QLabel("Эти сведения подставляются в шапки и подписи документов: дорожной карты, отчёта о показателях.")
        hint.setWordWrap(True)
        inner_layout.addWidget(hint)
        inner_layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Reset)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).setText("Отменить изменения")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        self.buttons.button(QDialogButtonBox.StandardButton.Reset).clicked.connect(self.load)
        inner_layout.addWidget(self.buttons)
        self.status = QLabel("")
        self.status.setObjectName("school_status")
        inner_layout.addWidget(self.status)
        inner_layout.addLayout(self._log_limit_row(ctx))
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        editable = ctx.can(Permission.EDIT_SCHOOL)
        for editor in self.editors.values():
            editor.setReadOnly(not editable)
        self.buttons.setVisible(editable)
        self.load()

    def _log_limit_row(self, ctx) -> QHBoxLayout:
        """The participation log's row limit, which the import's refusal names (a bigger school's yearly log)."""
        spec = settings.PARTICIPATION_MAX_ROWS
        row = QHBoxLayout()
        row.addWidget(QLabel(f"{spec.label}, за один раз:"))
        self.log_limit = QSpinBox()
        self.log_limit.setObjectName(spec.key)
        self.log_limit.setRange(spec.minimum, spec.maximum)
        self.log_limit.setSingleStep(100_000)
        self.log_limit.setGroupSeparatorShown(True)
        self.log_limit.setValue(settings.read(ctx.uow(), spec))
        save = QPushButton("Сохранить")
        save.setObjectName("save_log_limit")
        save.clicked.connect(self.save_log_limit)
        editable = ctx.can(spec.permission)
        self.log_limit.setEnabled(editable)
        save.setVisible(editable)
        row.addWidget(self.log_limit)
        row.addWidget(save)
        row.addStretch(1)
        return row

    def save_log_limit(self) -> bool:
        rows = self.log_limit.value()
        if not run_quick(self, lambda: settings.write(self.ctx.uow(), settings.PARTICIPATION_MAX_ROWS, rows),
                         title=settings.PARTICIPATION_MAX_ROWS.label):
            return False
        self.status.setText(f"Сохранено: журнал участия загружается до {rows:,} строк за один раз.".replace(",", " "))
        return True

    def _value(self, name: str) -> str:
        editor = self.editors[name]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def load(self) -> None:
        self.status.setText("") if hasattr(self, "status") else None
        details = get_school(self.ctx.uow())
        self._is_demo = details.is_demo
        for name, editor in self.editors.items():
            value = getattr(details, name)
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)

    def details(self) -> SchoolDetails:
        values = {f.name: self._value(f.name) for f in fields(SchoolDetails) if f.name in self.editors}
        return SchoolDetails(**values, is_demo=self._is_demo)

    def save(self) -> bool:
        details = self.details()
        if not run_quick(self, lambda: save_school(self.ctx.uow(), details), title="Сведения об ОО"):
            return False
        self.status.setText("Сведения сохранены.")
        return True
