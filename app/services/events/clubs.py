"""Additional education (дополнительное образование): clubs and sections of profile or pre-profile
orientation, and which students attend each of them in a year."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from app.models import AcademicYear, Club, ClubEnrollment, Enrollment, Partner, SchoolClass, Student
from app.models.codes import CLUB_ORIENTATIONS
from app.services.access import Permission
from app.services.calendar import find_year, year_title
from app.services.errors import NotFound, UserError
from app.services.labels import CLUB_ORIENTATION_LABELS
from app.services.text import fold, sort_key, squeeze
from app.services.uow import UnitOfWork


@dataclass
class ClubData:
    name: str
    orientation: str = "profile"
    partner_id: int | None = None
    leader: str = ""
    notes: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class ClubRow:
    id: int
    name: str
    orientation: str
    partner_id: int | None
    partner_name: str
    leader: str
    notes: str
    is_active: bool
    members: int

    @property
    def orientation_label(self) -> str:
        return CLUB_ORIENTATION_LABELS[self.orientation]


@dataclass(frozen=True)
class StudentChoice:
    student_id: int
    full_name: str
    class_label: str
    grade: int

    @property
    def search_text(self) -> str:
        return fold(f"{self.full_name} {self.class_label}")


def list_clubs(uow: UnitOfWork, year: int) -> list[ClubRow]:
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        s = uow.session
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == year))
        members = dict(s.execute(select(ClubEnrollment.club_id, func.count()).where(ClubEnrollment.year_id == year_id)
                                 .group_by(ClubEnrollment.club_id)).all()) if year_id else {}
        rows = [ClubRow(c.id, c.name, c.orientation, c.partner_id, sn or n or "", c.leader, c.notes, c.is_active,
                        members.get(c.id, 0))
                for c, sn, n in s.execute(select(Club, Partner.short_name, Partner.name)
                                          .outerjoin(Partner, Partner.id == Club.partner_id))]
    return sorted(rows, key=lambda r: (not r.is_active, sort_key(r.name)))


def save_club(uow: UnitOfWork, data: ClubData, *, club_id: int | None = None) -> int:
    name = squeeze(data.name)
    if not name:
        raise UserError("Укажите название кружка или секции.")
    if data.orientation not in CLUB_ORIENTATIONS:
        raise UserError("Выберите направленность: профильная или предпрофильная.")
    with uow:
        uow.require(Permission.EDIT_EVENTS, "ведение дополнительного образования")
        s = uow.session
        clash = s.scalar(select(Club.id).where(func.ru_fold(Club.name) == fold(name)))
        if clash is not None and clash != club_id:
            raise UserError(f"Кружок «{name}» уже есть в списке.")
        if data.partner_id is not None and s.get(Partner, data.partner_id) is None:
            raise UserError("Партнёр не найден: выберите его заново.")
        club = s.get(Club, club_id) if club_id else Club()
        if club is None:
            raise NotFound("Кружок не найден: возможно, его уже удалили.")
        if club_id is None:
            s.add(club)
        club.name, club.orientation, club.partner_id = name, data.orientation, data.partner_id
        club.leader, club.notes, club.is_active = squeeze(data.leader), (data.notes or "").strip(), data.is_active
        s.flush()
        uow.audit("clubs.save", entity="club", entity_id=club.id, details=name)
        uow.commit()
        return club.id


def delete_club(uow: UnitOfWork, club_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_EVENTS, "ведение дополнительного образования")
        club = uow.session.get(Club, club_id)
        if club is not None:
            uow.session.execute(delete(ClubEnrollment).where(ClubEnrollment.club_id == club_id))
            uow.session.delete(club)
            uow.audit("clubs.delete", entity="club", entity_id=club_id, details=club.name)
            uow.commit()


def year_students(uow: UnitOfWork, year: int) -> list[StudentChoice]:
    """Every student enrolled in the year, by class and name (for pickers); a class teacher's own class only."""
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        rows = uow.session.execute(uow.limit_to_own_class(
            select(Student.id, Student.last_name, Student.first_name, Student.patronymic, SchoolClass.grade,
                   SchoolClass.letter)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .join(AcademicYear, AcademicYear.id == Enrollment.year_id)
            .where(AcademicYear.start_year == year))).all()
    result = [StudentChoice(i, " ".join(x for x in (a, b, c) if x), f"{g}{l}", g) for i, a, b, c, g, l in rows]
    return sorted(result, key=lambda r: (r.grade, sort_key(r.class_label), sort_key(r.full_name)))


def club_members(uow: UnitOfWork, club_id: int, year: int) -> list[int]:
    """The club's members in the year (ids); for a class teacher, those of their own class."""
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        return list(uow.session.scalars(uow.limit_to_own_class(
            select(ClubEnrollment.student_id).join(AcademicYear, AcademicYear.id == ClubEnrollment.year_id)
            .join(Enrollment, (Enrollment.student_id == ClubEnrollment.student_id)
                  & (Enrollment.year_id == ClubEnrollment.year_id))
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(ClubEnrollment.club_id == club_id, AcademicYear.start_year == year))))


def set_club_members(uow: UnitOfWork, club_id: int, year: int, student_ids: list[int]) -> tuple[int, int]:
    """Make exactly these students the club's members in the year; returns (added, removed)."""
    with uow:
        uow.require(Permission.EDIT_EVENTS, "ведение дополнительного образования")
        s = uow.session
        if s.get(Club, club_id) is None:
            raise NotFound("Кружок не найден: возможно, его уже удалили.")
        year_row = find_year(s, year)
        wanted = set(student_ids)
        enrolled = set(s.scalars(select(Enrollment.student_id).where(Enrollment.year_id == year_row.id)))
        if wanted - enrolled:
            raise UserError(f"Среди выбранных есть обучающиеся, не учившиеся в {year_title(year)} учебном году.")
        current = set(s.scalars(select(ClubEnrollment.student_id).where(
            ClubEnrollment.club_id == club_id, ClubEnrollment.year_id == year_row.id)))
        removed = current - wanted
        if removed:
            s.execute(delete(ClubEnrollment).where(ClubEnrollment.club_id == club_id,
                                                   ClubEnrollment.year_id == year_row.id,
                                                   ClubEnrollment.student_id.in_(removed)))
        for sid in wanted - current:
            s.add(ClubEnrollment(club_id=club_id, student_id=sid, year_id=year_row.id))
        uow.audit("clubs.members", entity="club", entity_id=club_id,
                  details=f"{year_title(year)}: добавлено {len(wanted - current)}, исключено {len(removed)}")
        uow.commit()
        return len(wanted - current), len(removed)
