"""The sections of the sidebar, in order. Each names the factory of its page as "module:callable";
a factory takes (context, parent) and returns the page widget. Pages are built the first time they
are shown, so the window opens fast."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    factory: str


SECTIONS: list[Section] = [
    Section("overview", "Обзор", "app.ui.dashboard.page:DashboardPage"),
    Section("students", "Учащиеся", "app.ui.students.page:StudentsPage"),
    Section("events", "Мероприятия", "app.ui.events.page:EventsPage"),
    Section("roadmap", "Дорожная карта", "app.ui.roadmap.page:RoadmapPage"),
    Section("consultations", "Консультации", "app.ui.consultations.page:ConsultationsPage"),
    Section("graduates", "Выпускники", "app.ui.graduates.page:GraduatesPage"),
    Section("reports", "Показатели и отчёты", "app.ui.reports.page:ReportsPage"),
    Section("settings", "Настройки", "app.ui.settings.page:SettingsPage"),
]

# A municipality's database (муниципальный орган управления образованием) has no students or events of its
# own: its schools, their reports summed up, its own roadmap and the settings.
MUNICIPAL_SECTIONS: list[Section] = [
    Section("schools", "Школы", "app.ui.municipality.schools_page:SchoolsPage"),
    Section("summary", "Сводка", "app.ui.municipality.summary_page:SummaryPage"),
    Section("roadmap", "Дорожная карта", "app.ui.roadmap.page:RoadmapPage"),
    Section("settings", "Настройки", "app.ui.municipality.settings_page:MunicipalSettingsPage"),
]


def sections_for(kind: str) -> list[Section]:
    """The sidebar of a database of this kind («school» or «municipality»)."""
    return MUNICIPAL_SECTIONS if kind == "municipality" else SECTIONS
