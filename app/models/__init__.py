"""ORM models of ПрофТрек (SQLAlchemy 2.x, typed). Importing this package registers every table."""
from app.models.account import AuditEntry, Consent, User
from app.models import audit_chain  # noqa: F401 - registers the hash chain of new audit entries
from app.models.additional_education import Club, ClubEnrollment
from app.models.base import Base
from app.models.consultation import Consultation, ConsultationNote, ConsultationTopic, consultation_student
from app.models.event import Event, EventType, Participation
from app.models.graduate import ExamChoice, GraduateDestination
from app.models.indicator import ManualIndicatorValue, ReportFormMapping
from app.models.municipality import DistrictSchool, Municipality, ReportLoad, SchoolReport, SchoolReportValue
from app.models.notes_key import NotesKey
from app.models.partner import Agreement, Partner
from app.models.platform import PlatformFigures
from app.models.roadmap import Roadmap, RoadmapIndicator, RoadmapItem, RoadmapItemStatus, RoadmapSection
from app.models.school import AcademicYear, School, Setting
from app.models.staff import Staff
from app.models.student import Enrollment, SchoolClass, Student

__all__ = [
    "AcademicYear", "Agreement", "AuditEntry", "Base", "Club", "ClubEnrollment", "Consent", "Consultation",
    "ConsultationNote", "ConsultationTopic", "DistrictSchool", "Enrollment", "Event", "EventType", "ExamChoice",
    "GraduateDestination", "ManualIndicatorValue", "Municipality", "NotesKey", "Participation", "Partner",
    "PlatformFigures", "ReportFormMapping", "ReportLoad", "Roadmap", "RoadmapIndicator", "RoadmapItem",
    "RoadmapItemStatus", "RoadmapSection", "School", "SchoolClass", "SchoolReport", "SchoolReportValue", "Setting",
    "Staff", "Student", "User", "consultation_student",
]
