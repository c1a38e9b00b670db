"""«Партнёры и договоры»: partners by type, and their agreements with expiring ones flagged."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.labels import PARTNER_TYPE_LABELS
from app.services.events.partners import (AgreementData, AgreementRow, PartnerData, PartnerRow, delete_agreement,
                                   delete_partner, list_agreements, list_partners, save_agreement, save_partner)
from app.services.text import counted
from app.services.uow import Change
from app.ui.operations import run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.confirm import confirm_loss
from app.ui.widgets.common import button_row, ok_cancel, rows_view
from app.ui.widgets.table_model import ROW_ROLE, Column, RowsTableModel, RussianSortFilterProxy

_FLAG = QBrush(QColor("#F8E0C0"))


class FlaggedModel(RowsTableModel):
    """Agreements that expire soon or have expired are tinted."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and self.rows[index.row()].is_flagged:
            return _FLAG
        return super().data(index, role)


PARTNER_COLUMNS = [
    Column("Название", lambda r: r.name),
    Column("Кратко", lambda r: r.short_name),
    Column("Тип", lambda r: r.type_label),
    Column("В своём регионе", lambda r: "да" if r.in_region else "нет"),
    Column("Договоров", lambda r: r.agreements, align_right=True),
    Column("Истекают", lambda r: r.expiring_agreements or "", align_right=True),
    Column("Контакты", lambda r: r.contact),
]
AGREEMENT_COLUMNS = [
    Column("Партнёр", lambda r: r.partner_name),
    Column("Номер", lambda r: r.number),
    Column("Заключён", lambda r: r.signed_on),
    Column("Действует до", lambda r: r.valid_until, sort=lambda r: r.valid_until or dt.date.max),
    Column("Состояние", lambda r: r.state_label),
    Column("Предмет", lambda r: r.subject),
]


def _table(model, proxy) -> QTableView:
    proxy.setSourceModel(model)
    return rows_view(proxy, fit_contents=True)


class PartnersTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск партнёра")
        self.search.setClearButtonEnabled(True)
        self.partners = RowsTableModel(PARTNER_COLUMNS, self)
        self.partners_proxy = RussianSortFilterProxy(self)
        self.partners_view = _table(self.partners, self.partners_proxy)
        self.agreements = FlaggedModel(AGREEMENT_COLUMNS, self)
        self.agreements_proxy = RussianSortFilterProxy(self)
        self.agreements_view = _table(self.agreements, self.agreements_proxy)
        self.all_agreements = QCheckBox("Все договоры")
        self.all_agreements.setChecked(True)
        self.expiring = QLabel()
        self.search.textChanged.connect(self.partners_proxy.set_search)
        self.partners_view.selectionModel().currentRowChanged.connect(lambda *_: self._load_agreements())
        self.all_agreements.toggled.connect(lambda _c: self._load_agreements())
        self.partners_view.doubleClicked.connect(lambda _i: self.edit_partner())
        self.agreements_view.doubleClicked.connect(lambda _i: self.edit_agreement())
        edit = ctx.can(Permission.EDIT_EVENTS)

        def buttons(*items) -> QHBoxLayout:
            return button_row(items, visible=edit)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.partners_view)
        top_layout.addLayout(buttons(("Добавить партнёра…", self.add_partner), ("Изменить…", self.edit_partner),
                                     ("Удалить", self.delete_partner)))
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Договоры и соглашения</b>"))
        head.addWidget(self.all_agreements)
        head.addStretch(1)
        head.addWidget(self.expiring)
        bottom_layout.addLayout(head)
        bottom_layout.addWidget(self.agreements_view)
        bottom_layout.addLayout(buttons(("Добавить договор…", self.add_agreement), ("Изменить…", self.edit_agreement),
                                        ("Удалить", self.delete_agreement)))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresher = follow_changes(self, ctx, {Change.PARTNERS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if loaded := run_quick(self, lambda: list_partners(self.ctx.uow())):
            self.partners.set_rows(loaded.value)
            self._load_agreements()

    def _partner(self) -> PartnerRow | None:
        index = self.partners_view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _agreement(self) -> AgreementRow | None:
        index = self.agreements_view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _load_agreements(self) -> None:
        partner = self._partner()
        pid = None if self.all_agreements.isChecked() or partner is None else partner.id
        rows = list_agreements(self.ctx.uow(), partner_id=pid)
        self.agreements.set_rows(rows)
        flagged = sum(r.is_flagged for r in rows)
        self.expiring.setText(f"<span style='color:#A04000'>Истекают или истекли: {flagged}</span>" if flagged else "")

    def add_partner(self) -> None:
        PartnerDialog(self.ctx, self).exec()

    def edit_partner(self) -> None:
        if partner := self._partner():
            PartnerDialog(self.ctx, self, partner=partner).exec()

    def delete_partner(self) -> None:
        partner = self._partner()
        with_agreements = f" вместе с {counted(partner.agreements, 'договором', 'договорами', 'договорами')}" \
            if partner and partner.agreements else ""
        if partner and confirm_loss(self, "Партнёры", f"Удалить партнёра «{partner.name}»{with_agreements}?"):
            run_quick(self, lambda: delete_partner(self.ctx.uow(), partner.id))

    def add_agreement(self) -> None:
        AgreementDialog(self.ctx, self, partner_id=self._partner().id if self._partner() else None).exec()

    def edit_agreement(self) -> None:
        agreement = self._agreement()
        if agreement:
            AgreementDialog(self.ctx, self, agreement=agreement).exec()

    def delete_agreement(self) -> None:
        agreement = self._agreement()
        if agreement and confirm_loss(self, "Договоры", f"Удалить договор № {agreement.number} "
                                                        f"с «{agreement.partner_name}»?"):
            run_quick(self, lambda: delete_agreement(self.ctx.uow(), agreement.id))


class PartnerDialog(QDialog):
    def __init__(self, ctx, parent=None, *, partner: PartnerRow | None = None):
        super().__init__(parent)
        self.ctx, self.partner = ctx, partner
        self.setWindowTitle("Партнёр")
        self.name, self.short_name = QLineEdit(), QLineEdit()
        self.type = QComboBox()
        for code, label in PARTNER_TYPE_LABELS.items():
            self.type.addItem(label, code)
        self.in_region = QCheckBox("в своём регионе")
        self.in_region.setChecked(True)
        self.address, self.contact = QLineEdit(), QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        form = QFormLayout(self)
        for label, w in (("Название:", self.name), ("Краткое название:", self.short_name), ("Тип:", self.type),
                         ("", self.in_region), ("Адрес:", self.address), ("Контакты:", self.contact),
                         ("Примечание:", self.notes)):
            form.addRow(label, w)
        form.addRow(ok_cancel(self))
        self.resize(520, 0)
        if partner:
            self.name.setText(partner.name)
            self.short_name.setText(partner.short_name)
            self.type.setCurrentIndex(self.type.findData(partner.type))
            self.in_region.setChecked(partner.in_region)
            self.address.setText(partner.address)
            self.contact.setText(partner.contact)
            self.notes.setPlainText(partner.notes)

    def accept(self) -> None:
        data = PartnerData(name=self.name.text(), type=self.type.currentData(), short_name=self.short_name.text(),
                           in_region=self.in_region.isChecked(), address=self.address.text(),
                           contact=self.contact.text(), notes=self.notes.toPlainText())
        if run_quick(self, lambda: save_partner(self.ctx.uow(), data,
                                                partner_id=self.partner.id if self.partner else None)):
            super().accept()


class AgreementDialog(QDialog):
    def __init__(self, ctx, parent=None, *, agreement: AgreementRow | None = None, partner_id: int | None = None):
        super().__init__(parent)
        self.ctx, self.agreement = ctx, agreement
        self.setWindowTitle("Договор / соглашение")
        self.partner = QComboBox()
        for p in list_partners(ctx.uow()):
            self.partner.addItem(p.name, p.id)
        self.number = QLineEdit()
        self.has_signed, self.has_until = QCheckBox("указана"), QCheckBox("указана (пусто — бессрочный)")
        self.signed_on, self.valid_until = QDateEdit(calendarPopup=True), QDateEdit(calendarPopup=True)
        for edit, check in ((self.signed_on, self.has_signed), (self.valid_until, self.has_until)):
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.subject = QPlainTextEdit()
        self.subject.setTabChangesFocus(True)
        self.subject.setFixedHeight(60)
        form = QFormLayout(self)
        form.addRow("Партнёр:", self.partner)
        form.addRow("Номер:", self.number)
        for label, check, edit in (("Дата заключения:", self.has_signed, self.signed_on),
                                   ("Действует до:", self.has_until, self.valid_until)):
            row = QHBoxLayout()
            row.addWidget(check)
            row.addWidget(edit)
            form.addRow(label, row)
        form.addRow("Предмет:", self.subject)
        form.addRow(ok_cancel(self))
        self.resize(520, 0)
        pid = agreement.partner_id if agreement else partner_id
        if pid is not None:
            self.partner.setCurrentIndex(max(self.partner.findData(pid), 0))
        if agreement:
            self.number.setText(agreement.number)
            for day, check, edit in ((agreement.signed_on, self.has_signed, self.signed_on),
                                     (agreement.valid_until, self.has_until, self.valid_until)):
                if day:
                    check.setChecked(True)
                    edit.setDate(QDate(day.year, day.month, day.day))
            self.subject.setPlainText(agreement.subject)

    def accept(self) -> None:
        def day(check: QCheckBox, edit: QDateEdit) -> dt.date | None:
            q = edit.date()
            return dt.date(q.year(), q.month(), q.day()) if check.isChecked() else None

        if self.partner.currentData() is None:
            QMessageBox.information(self, "Договор", "Сначала добавьте партнёра.")
            return
        data = AgreementData(self.partner.currentData(), self.number.text(), day(self.has_signed, self.signed_on),
                             day(self.has_until, self.valid_until), self.subject.toPlainText())
        if run_quick(self, lambda: save_agreement(self.ctx.uow(), data,
                                                  agreement_id=self.agreement.id if self.agreement else None)):
            super().accept()
