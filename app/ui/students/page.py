"""The «Учащиеся» page: tabs Учащиеся / Классы / Сотрудники, each reloading on year or data changes."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.students.classes_tab import ClassesTab
from app.ui.students.staff_tab import StaffTab
from app.ui.students.students_tab import StudentsTab


class StudentsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("students_tabs")
        self.students = StudentsTab(ctx, self.tabs)
        self.classes = ClassesTab(ctx, self.tabs)
        self.staff = StaffTab(ctx, self.tabs)
        self.tabs.addTab(self.students, "Учащиеся")
        self.tabs.addTab(self.classes, "Классы")
        self.tabs.addTab(self.staff, "Сотрудники")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
