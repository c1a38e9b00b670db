"""The «Мероприятия» section: tabs for the event log, partners and agreements, additional education."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.events.clubs_tab import ClubsTab
from app.ui.events.events_tab import EventsTab
from app.ui.events.partners_tab import PartnersTab


class EventsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.events = EventsTab(ctx, self.tabs)
        self.partners = PartnersTab(ctx, self.tabs)
        self.clubs = ClubsTab(ctx, self.tabs)
        self.tabs.addTab(self.events, "Мероприятия")
        self.tabs.addTab(self.partners, "Партнёры и договоры")
        self.tabs.addTab(self.clubs, "Дополнительное образование")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
