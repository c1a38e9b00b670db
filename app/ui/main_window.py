"""The main window: the sidebar of sections, the page area, the school and year in the title and the
status bar, and a year switcher. Window size and position are remembered in QSettings."""
from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QComboBox, QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter,
                               QToolBar, QWidget)

from app.services.access import Permission
from app.services.calendar import year_starts, year_title
from app.services.school.details import get_school
from app.ui.context import AppContext
from app.ui.loader import load_factory
from app.ui.placeholder import PlaceholderPage
from app.ui.sections import SECTIONS, Section
from app.ui.widgets.page_stack import CurrentPageStack, scrolling

DEMO_MARK = "Демонстрационная школа"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, settings: QSettings | None = None):
        super().__init__()
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.setObjectName("MainWindow")
        self.pages: dict[str, QWidget] = {}

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setSpacing(2)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sidebar.setFont(font)
        widest = max(self.sidebar.fontMetrics().horizontalAdvance(s.title) for s in SECTIONS)
        self.sidebar.setMinimumWidth(widest + 40)
        # No wider than its longest title: on 1366 px every pixel is needed by the pages.
        self.sidebar.setMaximumWidth(widest + 48)
        self.sidebar.setStyleSheet("QListWidget#sidebar { border: none; background: palette(base); }"
                                   "QListWidget#sidebar::item { padding-left: 10px; }")
        for section in SECTIONS:
            item = QListWidgetItem(section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setSizeHint(QSize(160, 34))
            self.sidebar.addItem(item)
        self.stack = CurrentPageStack()
        self._slots: dict[str, int] = {}
        for section in SECTIONS:
            holder = QWidget()
            self._slots[section.key] = self.stack.addWidget(holder)

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(scrolling(self.stack))
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # The sidebar as wide as its titles, not a share of the window: the rest goes to the page.
        splitter.setSizes([widest + 48, 10_000])
        self.setCentralWidget(splitter)

        toolbar = QToolBar("Учебный год")
        toolbar.setObjectName("year_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Учебный год: "))
        self.year_box = QComboBox()
        self.year_box.setObjectName("year_box")
        self.year_box.setMinimumWidth(110)
        toolbar.addWidget(self.year_box)
        self.new_year_action = toolbar.addAction("Новый учебный год…", self._add_year)
        self.new_year_action.setObjectName("new_year_action")
        self.new_year_action.setVisible(ctx.can(Permission.EDIT_ROSTER))
        self.addToolBar(toolbar)
        self.school_label = QLabel()
        self.statusBar().addWidget(self.school_label, 1)

        self.sidebar.currentRowChanged.connect(self._show_row)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        ctx.year_changed.connect(lambda _y: self._refresh_title())
        ctx.year_changed.connect(self._show_year_in_box)
        ctx.data_changed.connect(self._on_data_changed)

        self._fill_years()
        self._refresh_title()
        self._restore_geometry()
        self.sidebar.setCurrentRow(0)

    # --- sections -----------------------------------------------------------------------------
    def section_keys(self) -> list[str]:
        return [s.key for s in SECTIONS]

    def show_section(self, key: str) -> QWidget:
        row = self.section_keys().index(key)
        self.sidebar.setCurrentRow(row)
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page of a section, built on first use."""
        if key not in self.pages:
            section = next(s for s in SECTIONS if s.key == key)
            self.pages[key] = self._build_page(section)
            slot = self._slots[key]
            placeholder = self.stack.widget(slot)
            self.stack.insertWidget(slot, self.pages[key])
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return self.pages[key]

    def _build_page(self, section: Section) -> QWidget:
        factory = load_factory(section.factory)
        if factory is PlaceholderPage:
            return PlaceholderPage(self.ctx, self.stack, title=section.title)
        return factory(self.ctx, self.stack)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = SECTIONS[row].key
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        on_shown = getattr(page, "on_shown", None)
        if callable(on_shown):
            on_shown()

    # --- year and title -------------------------------------------------------------------------
    def _fill_years(self) -> None:
        years = year_starts(self.ctx.uow())
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for start in years:
            self.year_box.addItem(year_title(start), start)
        if self.ctx.year is not None:
            self.year_box.setCurrentIndex(max(self.year_box.findData(self.ctx.year), 0))
        self.year_box.blockSignals(False)

    def _show_year_in_box(self, start: int) -> None:
        index = self.year_box.findData(start)
        if index >= 0 and index != self.year_box.currentIndex():
            self.year_box.blockSignals(True)
            self.year_box.setCurrentIndex(index)
            self.year_box.blockSignals(False)

    def _add_year(self) -> None:
        from app.ui.widgets.new_year import ask_new_year
        ask_new_year(self.ctx, self)

    def _year_chosen(self, index: int) -> None:
        start = self.year_box.itemData(index)
        if start is not None:
            self.ctx.set_year(int(start))

    def _on_data_changed(self, what: str) -> None:
        if what in ("", "school", "years"):
            self._fill_years()
            self._refresh_title()

    def _refresh_title(self) -> None:
        details = get_school(self.ctx.uow())
        school = details.short_name or details.full_name or "школа не указана"
        year = year_title(self.ctx.year) if self.ctx.year else "учебный год не задан"
        # Qt adds the program's name (applicationDisplayName) to every window title itself.
        parts = [school, year]
        if details.is_demo or self.ctx.is_demo:
            parts.append(DEMO_MARK)
        self.setWindowTitle(" — ".join(parts))
        who = self.ctx.actor.full_name or self.ctx.actor.login
        status = f"{school}   ·   {year}   ·   {who}"
        if details.is_demo or self.ctx.is_demo:
            # Said inside the window too: a title bar is easy to overlook, and nobody may take this for real data.
            status = f"{DEMO_MARK}: данные вымышлены   ·   {status}"
        self.school_label.setText(status)

    # --- geometry -------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            # A school's 1366×768 screen: the window fits inside what the task bar leaves.
            screen = self.screen().availableGeometry() if self.screen() else None
            width = min(1400, screen.width() - 16) if screen else 1280
            height = min(860, screen.height() - 40) if screen else 760   # the title bar is not counted
            self.resize(max(width, 900), max(height, 560))
        state = self.settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState())
        super().closeEvent(event)
