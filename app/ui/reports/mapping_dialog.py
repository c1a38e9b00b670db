"""Confirming and correcting where a ministry form gets each figure before it is filled.

One line per row of the form's table: the indicator (or plain count) the program found for it by meaning,
with how sure it is, changeable to any other indicator or to «не заполнять»; the cells the row's figure
goes into are named (one value column, or one per grade and «Всего»). A line above says plainly how many
of the form's rows will get a value. The school's details found beside labels are listed too. The
confirmed mapping is remembered for this form next year."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from app.services.reports import FormMapping
from app.services.reports.form_fill import figure_names
from app.services.reports.form_table import Slot, parse_key
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
                     "исправьте, какой показатель записать в каждую строку. Заполненные ячейки не изменяются.")
        header = QLabel(intro)
        header.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        self.counter = QLabel()
        self.counter.setObjectName("rows_counter")
        self.counter.setWordWrap(True)
        if mapping.mode == "rows":
            names = figure_names(data)
            for cand in mapping.candidates:
                key = f"{cand.sheet}!{cand.row}"
                combo = QComboBox()
                combo.setObjectName(f"row_{cand.sheet}_{cand.row}")
                combo.setMinimumContentsLength(30)
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                # Long wordings must not widen the dialog: the combo takes the width there is.
                combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                combo.setMinimumWidth(240)
                combo.addItem(NOT_FILLED, None)
                for base, name in names.items():
                    combo.addItem(name[:110], base)
                    combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
                current = mapping.row_choice(cand)
                if current is not None and combo.findData(current) < 0:
                    combo.addItem(current, current)  # a remembered figure this set does not have
                combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
                combo.currentIndexChanged.connect(lambda _i: self._count())
                score = mapping.scores.get(current) if current else None
                split = any(s.grades for s in cand.slots)
                cells = ", ".join(_slot_text(s, split) for s in cand.slots)
                label = QLabel(f"<b>{escape(cand.sheet)}, строка {cand.row}:</b> {escape(cand.text[:200])}"
                               f"<br><small>ячейки: {escape(cells)}</small>"
                               + (f" <i>(совпадение {score:.0%})</i>" if score is not None else ""))
                label.setWordWrap(True)
                label.setMinimumWidth(360)
                form.addRow(label, combo)
                self.combos[key] = combo
            for key, title in FIELD_LABELS.items():
                if key in mapping.cells:
                    value = QLabel(f"ячейка {mapping.cells[key]} ← {data.field(key)}")
                    value.setWordWrap(True)
                    form.addRow(QLabel(title), value)
            self._count()
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
        layout.addWidget(self.counter)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)

    def _count(self) -> None:
        total = len(self.combos)
        chosen = sum(1 for combo in self.combos.values() if combo.currentData())
        text = f"Получат значение строк формы: {chosen} из {total}."
        if total and not chosen:
            text += " Ни одна строка не выбрана — форма не будет заполнена."
        self.counter.setText(text)

    def confirmed_mapping(self) -> FormMapping:
        """The mapping as the user left it; a figure goes into one row (the first row chosen for it)."""
        if self.mapping.mode != "rows":
            return self.mapping
        in_rows = {ref for cand in self.mapping.candidates for ref in cand.refs}
        # Figures in cells outside the table's rows (a remembered or a --mapping choice) are kept as they are.
        self.mapping.cells = {k: v for k, v in self.mapping.cells.items()
                              if not parse_key(k)[1].startswith(("ind:", "count:")) or v not in in_rows}
        used: set[str] = set()
        for cand in self.mapping.candidates:
            base = self.combos[f"{cand.sheet}!{cand.row}"].currentData()
            if base and base not in used:
                self.mapping.set_row(cand, base)
                used.add(base)
        return self.mapping


def _slot_text(slot: Slot, split: bool) -> str:
    parts = [slot.coordinate]
    if split and not slot.grades:
        parts.append("всего")
    if slot.grades:
        parts.append(f"{slot.grades[0]}–{slot.grades[-1]} кл." if len(slot.grades) > 1 else f"{slot.grades[0]} кл.")
    if slot.previous:
        parts.append("прошлый год, если пусто")
    return " ".join(parts)
