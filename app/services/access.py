"""Who acts and what they may do. Services check rights here, in one place, never in the UI alone."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    PSYCHOLOGIST = "psychologist"
    DEPUTY = "deputy"
    CLASS_TEACHER = "class_teacher"


class Permission(StrEnum):
    VIEW_ROSTER = "view_roster"
    EDIT_ROSTER = "edit_roster"
    VIEW_HEALTH = "view_health"            # ОВЗ / инвалидность flags
    VIEW_EVENTS = "view_events"
    EDIT_EVENTS = "edit_events"
    EDIT_ATTENDANCE = "edit_attendance"
    VIEW_ROADMAP = "view_roadmap"
    EDIT_ROADMAP = "edit_roadmap"
    VIEW_CONSULTATIONS = "view_consultations"   # dates, students, topics — not the notes
    EDIT_CONSULTATIONS = "edit_consultations"
    READ_CONSULTATION_NOTES = "read_consultation_notes"
    VIEW_GRADUATES = "view_graduates"
    EDIT_GRADUATES = "edit_graduates"
    VIEW_INDICATORS = "view_indicators"
    EDIT_INDICATORS = "edit_indicators"    # manual values, form mappings
    EXPORT = "export"                       # reports, lists, documents
    EXPORT_PERSONAL_DATA = "export_personal_data"
    EDIT_CONSENT = "edit_consent"
    EDIT_SCHOOL = "edit_school"             # «Сведения об ОО», school settings
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    RESTORE = "restore"
    ANONYMIZE = "anonymize"
    ROLLOVER = "rollover"


_ALL = frozenset(Permission)
# From issue 8: администратор — accounts, settings, everything but consultation notes unless granted;
# координатор — roster, events, roadmap, reports (and chasing consents), not the consultation journal;
# педагог-психолог — consultations with notes, the roster read-only; заместитель директора — reads
# everything but notes, prints, exports; классный руководитель — their own class: attendance and the list,
# without health flags. Counting (indicators) needs none of VIEW_CONSULTATIONS / VIEW_HEALTH.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: _ALL - {Permission.READ_CONSULTATION_NOTES},
    Role.COORDINATOR: frozenset({
        Permission.VIEW_ROSTER, Permission.EDIT_ROSTER, Permission.VIEW_HEALTH, Permission.VIEW_EVENTS,
        Permission.EDIT_EVENTS, Permission.EDIT_ATTENDANCE, Permission.VIEW_ROADMAP, Permission.EDIT_ROADMAP,
        Permission.VIEW_GRADUATES, Permission.EDIT_GRADUATES,
        Permission.VIEW_INDICATORS, Permission.EDIT_INDICATORS, Permission.EXPORT,
        Permission.EXPORT_PERSONAL_DATA, Permission.EDIT_CONSENT, Permission.BACKUP, Permission.ROLLOVER,
    }),
    Role.PSYCHOLOGIST: frozenset({
        Permission.VIEW_ROSTER, Permission.VIEW_HEALTH, Permission.VIEW_CONSULTATIONS,
        Permission.EDIT_CONSULTATIONS, Permission.READ_CONSULTATION_NOTES,
    }),
    Role.DEPUTY: frozenset({
        Permission.VIEW_ROSTER, Permission.VIEW_HEALTH, Permission.VIEW_EVENTS, Permission.VIEW_ROADMAP,
        Permission.VIEW_CONSULTATIONS, Permission.VIEW_GRADUATES, Permission.VIEW_INDICATORS,
        Permission.EXPORT, Permission.EXPORT_PERSONAL_DATA, Permission.BACKUP,
    }),
    Role.CLASS_TEACHER: frozenset({
        Permission.VIEW_ROSTER, Permission.VIEW_EVENTS, Permission.EDIT_ATTENDANCE,
    }),
}


@dataclass(frozen=True)
class Actor:
    """The person (or the program itself) on whose behalf a unit of work runs."""

    login: str
    role: Role
    user_id: int | None = None
    full_name: str = ""
    staff_id: int | None = None
    can_read_notes: bool = False
    # The consultation notes key, unwrapped at sign-in with this user's password (accounts.notes_keys); never
    # printed, compared or stored.
    notes_key: bytes | None = field(default=None, repr=False, compare=False)

    def has(self, permission: Permission) -> bool:
        if permission is Permission.READ_CONSULTATION_NOTES and self.role is Role.ADMIN:
            return self.can_read_notes
        return permission in ROLE_PERMISSIONS[self.role]


def system_actor(login: str = "система") -> Actor:
    """The program acting for itself (demo builder, command line): an administrator without notes."""
    return Actor(login=login, role=Role.ADMIN, full_name="ПрофТрек")
