"""Fixed codes of the domain (DOMAIN.md). Labels shown to the user live in app/services/labels.py."""
from __future__ import annotations

EVENT_CATEGORIES: tuple[str, ...] = (
    "bvb_diagnostics", "bvb_trial", "bvb_event", "proektoria", "horizons", "excursion", "open_day",
    "fair", "master_class", "competition", "class_hour", "meeting", "intentions_survey",
    "diagnostics", "parents_meeting", "summer", "other",
)
ORGANIZER_TYPES: tuple[str, ...] = ("school", "poo", "vo", "employer", "czn", "dop", "other")
PARTNER_TYPES: tuple[str, ...] = ("poo", "vo", "employer", "czn", "dop", "other")
EVENT_FORMATS: tuple[str, ...] = ("offline", "online")
PARTICIPATION_STATUSES: tuple[str, ...] = ("registered", "attended", "absent")
COMPETITION_RESULTS: tuple[str, ...] = ("participant", "prize", "winner")
SEXES: tuple[str, ...] = ("m", "f")
CONSULTATION_KINDS: tuple[str, ...] = ("individual", "group")
CONSULTATION_REQUESTERS: tuple[str, ...] = ("student", "parent", "teacher")
DESTINATIONS: tuple[str, ...] = ("grade10", "poo", "vo", "work", "army", "other")
EXAM_KINDS: tuple[str, ...] = ("oge", "ege")
CLUB_ORIENTATIONS: tuple[str, ...] = ("profile", "preprofile")
ROADMAP_ITEM_STATUSES: tuple[str, ...] = ("planned", "in_progress", "done", "cancelled")
ROLES: tuple[str, ...] = ("admin", "coordinator", "psychologist", "deputy", "class_teacher")
CONSENT_SCOPES: tuple[str, ...] = ("personal", "personal_and_health")
PROFMINIMUM_LEVELS: tuple[str, ...] = ("basic", "main", "advanced")
