"""Partners (ПОО, ВО, employers, ЦЗН, additional-education centres) and agreements with them.

An agreement is flagged when its «действует до» date has passed or falls within
AGREEMENT_EXPIRY_WARNING_DAYS: the coordinator renews it before the indicator report counts it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import Agreement, Club, Event, GraduateDestination, Partner
from app.models.codes import PARTNER_TYPES
from app.services.access import Permission
from app.services.errors import NotFound, UserError
from app.services.labels import (AGREEMENT_EXPIRY_WARNING_DAYS, AGREEMENT_STATE_LABELS, PARTNER_TYPE_LABELS)
from app.services.text import fold, sort_key, squeeze
from app.services.uow import UnitOfWork


@dataclass
class PartnerData:
    name: str
    type: str
    short_name: str = ""
    in_region: bool = True
    address: str = ""
    contact: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PartnerRow:
    id: int
    name: str
    short_name: str
    type: str
    type_label: str
    in_region: bool
    address: str
    contact: str
    notes: str
    agreements: int
    expiring_agreements: int

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class AgreementData:
    partner_id: int
    number: str = ""
    signed_on: dt.date | None = None
    valid_until: dt.date | None = None
    subject: str = ""


@dataclass(frozen=True)
class AgreementRow:
    id: int
    partner_id: int
    partner_name: str
    number: str
    signed_on: dt.date | None
    valid_until: dt.date | None
    subject: str
    state: str              # valid / expiring / expired / open

    @property
    def state_label(self) -> str:
        return AGREEMENT_STATE_LABELS[self.state]

    @property
    def is_flagged(self) -> bool:
        return self.state in ("expiring", "expired")


def agreement_state(valid_until: dt.date | None, today: dt.date) -> str:
    if valid_until is None:
        return "open"
    if valid_until < today:
        return "expired"
    if valid_until <= today + dt.timedelta(days=AGREEMENT_EXPIRY_WARNING_DAYS):
        return "expiring"
    return "valid"


def list_partners(uow: UnitOfWork, *, today: dt.date | None = None) -> list[PartnerRow]:
    today = today or dt.date.today()
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        s = uow.session
        counts: dict[int, list[int]] = {}
        for partner_id, valid_until in s.execute(select(Agreement.partner_id, Agreement.valid_until)):
            c = counts.setdefault(partner_id, [0, 0])
            c[0] += 1
            c[1] += agreement_state(valid_until, today) in ("expiring", "expired")
        rows = [PartnerRow(p.id, p.name, p.short_name, p.type, PARTNER_TYPE_LABELS[p.type], p.in_region, p.address,
                           p.contact, p.notes, *counts.get(p.id, [0, 0]))
                for p in s.scalars(select(Partner))]
    return sorted(rows, key=lambda r: sort_key(r.name))


def _clean_partner(data: PartnerData) -> PartnerData:
    name = squeeze(data.name)
    if not name:
        raise UserError("Укажите название партнёра.")
    if data.type not in PARTNER_TYPES:
        raise UserError(f"Тип партнёра «{data.type}» неизвестен.")
    return PartnerData(name=name, type=data.type, short_name=squeeze(data.short_name), in_region=bool(data.in_region),
                       address=(data.address or "").strip(), contact=(data.contact or "").strip(),
                       notes=(data.notes or "").strip())


def save_partner(uow: UnitOfWork, data: PartnerData, *, partner_id: int | None = None) -> int:
    """Create (partner_id None) or change a partner; names are unique regardless of case."""
    data = _clean_partner(data)
    with uow:
        uow.require(Permission.EDIT_EVENTS, "изменение списка партнёров")
        s = uow.session
        clash = s.scalar(select(Partner.id).where(func.ru_fold(Partner.name) == fold(data.name)))
        if clash is not None and clash != partner_id:
            raise UserError(f"Партнёр «{data.name}» уже есть в списке.")
        if partner_id is None:
            partner = Partner()
            s.add(partner)
        else:
            partner = s.get(Partner, partner_id)
            if partner is None:
                raise NotFound("Партнёр не найден: возможно, его уже удалили.")
        for name, value in vars(data).items():
            setattr(partner, name, value)
        s.flush()
        uow.audit("partners.save", entity="partner", entity_id=partner.id, details=data.name)
        uow.commit()
        return partner.id


def delete_partner(uow: UnitOfWork, partner_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_EVENTS, "изменение списка партнёров")
        s = uow.session
        partner = s.get(Partner, partner_id)
        if partner is None:
            return
        used = s.scalar(select(func.count()).select_from(Event).where(Event.organizer_partner_id == partner_id))
        if used:
            raise UserError(f"Партнёр «{partner.name}» — организатор мероприятий ({used}); "
                            "сначала измените организатора этих мероприятий.")
        # Graduates and clubs keep the institution's name as text when the partner goes.
        for dest in s.scalars(select(GraduateDestination).where(
                GraduateDestination.institution_partner_id == partner_id)):
            dest.institution_name = dest.institution_name or partner.name
        for club in s.scalars(select(Club).where(Club.partner_id == partner_id)):
            club.partner_id = None
        name = partner.name
        s.delete(partner)
        uow.audit("partners.delete", entity="partner", entity_id=partner_id, details=name)
        uow.commit()


def list_agreements(uow: UnitOfWork, *, partner_id: int | None = None,
                    today: dt.date | None = None) -> list[AgreementRow]:
    """Agreements (of one partner, or all), the flagged ones first, then by «действует до»."""
    today = today or dt.date.today()
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        stmt = select(Agreement, Partner.name).join(Partner, Partner.id == Agreement.partner_id)
        if partner_id is not None:
            stmt = stmt.where(Agreement.partner_id == partner_id)
        rows = [AgreementRow(a.id, a.partner_id, name, a.number, a.signed_on, a.valid_until, a.subject,
                             agreement_state(a.valid_until, today))
                for a, name in uow.session.execute(stmt)]
    order = {"expired": 0, "expiring": 1, "valid": 2, "open": 3}
    return sorted(rows, key=lambda r: (order[r.state], r.valid_until or dt.date.max, sort_key(r.partner_name)))


def save_agreement(uow: UnitOfWork, data: AgreementData, *, agreement_id: int | None = None) -> int:
    if data.signed_on and data.valid_until and data.valid_until < data.signed_on:
        raise UserError("Дата «Действует до» не может быть раньше даты заключения договора.")
    with uow:
        uow.require(Permission.EDIT_EVENTS, "изменение договоров с партнёрами")
        s = uow.session
        if s.get(Partner, data.partner_id) is None:
            raise UserError("Выберите партнёра, с которым заключён договор.")
        if agreement_id is None:
            agreement = Agreement()
            s.add(agreement)
        else:
            agreement = s.get(Agreement, agreement_id)
            if agreement is None:
                raise NotFound("Договор не найден: возможно, его уже удалили.")
        agreement.partner_id = data.partner_id
        agreement.number = squeeze(data.number)
        agreement.signed_on = data.signed_on
        agreement.valid_until = data.valid_until
        agreement.subject = (data.subject or "").strip()
        s.flush()
        uow.audit("agreements.save", entity="agreement", entity_id=agreement.id, details=agreement.number)
        uow.commit()
        return agreement.id


def delete_agreement(uow: UnitOfWork, agreement_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_EVENTS, "изменение договоров с партнёрами")
        agreement = uow.session.get(Agreement, agreement_id)
        if agreement is not None:
            uow.session.delete(agreement)
            uow.audit("agreements.delete", entity="agreement", entity_id=agreement_id, details=agreement.number)
            uow.commit()
