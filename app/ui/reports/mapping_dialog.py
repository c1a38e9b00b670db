"""Confirming and correcting where a ministry form gets each figure before it is filled.

One line per indicator of the set: the row of the form the program found by meaning (with how sure it
is), changeable to any other row of the form or to «не заполнять»; the school's details found beside
labels are listed too. The confirmed mapping is remembered for this form next year."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from app.services.reports import FormMapping
from app.services.reports.data import FIELD_LABELS, ReportData
from app.ui.widgets.common import ok_cancel

NOT_FILLED = "— не заполнять —"


class MappingDialog(QDialog):
    def __init__(self, mapping: FormMapping, data: ReportData, parent=None):
        super().__init__(parent)
        self.mapping, self.data = mapping, data
        self.setWindowTitle(f"Заполнение формы «{mapping.form_name}»")
        self.resize(980, 640)
        if mapping.mode == "placeholders":
            intro = ("В форме есть метки {{…}}: они будут заменены значениями. "
                     "Ячейки, в которых уже что-то записано, не изменяются.")
        elif mapping.remembered:
            intro = "Эта форма уже заполнялась: места показателей взяты из прошлого раза. Проверьте их."
        else:
            intro = ("Программа нашла строки формы по смыслу формулировок. Проверьте и при необходимости "
                     "исправьте, в какую строку записать каждый показатель. Заполненные ячейки не изменяются.")
        header = QLabel(intro)
        header.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        if mapping.mode == "rows":
            refs = [f"{c.sheet}!{c.value_cell}" for c in mapping.candidates]
            for ind in data.result.indicators:
                key = f"ind:{ind.code}"
                combo = QComboBox()
                combo.setObjectName(f"map_{ind.code}")
                combo.setMinimumContentsLength(30)
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                # Long rows of the form must not widen the dialog: the combo takes the width there is.
                combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                combo.setMinimumWidth(240)
                combo.addItem(NOT_FILLED, None)
                for cand, ref in zip(mapping.candidates, refs):
                    combo.addItem(f"{cand.sheet}, строка {cand.row}: {cand.text[:110]}", ref)
                    combo.setItemData(combo.count() - 1, cand.text, Qt.ItemDataRole.ToolTipRole)
                current = mapping.cells.get(key)
                if current is not None and combo.findData(current) < 0:
                    combo.addItem(current, current)  # a remembered cell outside the rows found this time
                combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
                score = mapping.scores.get(key)
                label = QLabel(f"<b>{ind.code}.</b> {ind.name}" +
                               (f" <i>(совпадение {score:.0%})</i>" if score is not None else ""))
                label.setWordWrap(True)
                label.setMinimumWidth(360)
                form.addRow(label, combo)
                self.combos[key] = combo
            for key, title in FIELD_LABELS.items():
                if key in mapping.cells:
                    value = QLabel(f"ячейка {mapping.cells[key]} ← {data.field(key)}")
                    value.setWordWrap(True)
                    form.addRow(QLabel(title), value)
        inner = QWidget()
        inner.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.remember = QCheckBox("Запомнить для этой формы (в следующем году не спрашивать заново)")
        self.remember.setChecked(mapping.mode == "rows")
        self.remember.setVisible(mapping.mode == "rows")
        buttons = ok_cancel(self, "Заполнить")
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def confirmed_mapping(self) -> FormMapping:
        """The mapping as the user left it; one form row holds at most one indicator (the later choice
        of the same row wins over none — the dialog keeps the first and drops repeats)."""
        cells = {k: v for k, v in self.mapping.cells.items() if not k.startswith("ind:")}
        used: set[str] = set()
        for key, combo in self.combos.items():
            ref = combo.currentData()
            if ref and ref not in used:
                cells[key] = ref
                used.add(ref)
        self.mapping.cells = cells if self.mapping.mode == "rows" else self.mapping.cells
        return self.mapping
