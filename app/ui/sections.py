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
    Section("overview", "Обзор", "app.ui.placeholder:PlaceholderPage"),
    Section("students", "Учащиеся", "app.ui.students.page:StudentsPage"),
    Section("events", "Мероприятия", "app.ui.events.page:EventsPage"),
    Section("roadmap", "Дорожная карта", "app.ui.roadmap.page:RoadmapPage"),
    Section("consultations", "Консультации", "app.ui.placeholder:PlaceholderPage"),
    Section("graduates", "Выпускники", "app.ui.graduates.page:GraduatesPage"),
    Section("reports", "Показатели и отчёты", "app.ui.placeholder:PlaceholderPage"),
    Section("settings", "Настройки", "app.ui.settings.page:SettingsPage"),
]
