"""The main window: the sidebar of sections, the page area, the school and year in the title and the
status bar, and a year switcher. Window size and position are remembered in QSettings.

Built without a context (`MainWindow(None)`), it is the frame alone — sidebar, year bar, «Загрузка…» —
which paints before the database layer is even imported; `attach(ctx)` then fills it. So this module
imports nothing that loads SQLAlchemy until `attach`, and the frame does not touch PySide6's `Qt` namespace:
PySide6 builds all of its ~100 enums as Python enums the first time the name is taken (some 25 ms, a
quarter of a bare window's start), which the pages pay after the paint."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QComboBox, QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter,
                               QToolBar, QWidget)

from app.ui.loader import load_factory
from app.ui.sections import Section, sections_for
from app.ui.widgets.page_stack import CurrentPageStack, scrolling

if TYPE_CHECKING:
    from app.ui.context import AppContext

LOADING_TEXT = "Загрузка…"

DEMO_MARK = "Демонстрационная школа"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None, *, settings: QSettings | None = None):
        super().__init__()
        self.ctx = ctx
        self.settings = settings or QSettings()
        self.setObjectName("MainWindow")
        self.pages: dict[str, QWidget] = {}
        # A school's sections until the database says it is a municipality's (in `attach`).
        self.is_municipal = False
        self.sections = sections_for("school")

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setSpacing(2)
        font = self.sidebar.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sidebar.setFont(font)
        self.sidebar.setStyleSheet("QListWidget#sidebar { border: none; background: palette(base); }"
                                   "QListWidget#sidebar::item { padding-left: 10px; }")
        self.stack = CurrentPageStack()
        self._slots: dict[str, int] = {}
        self.splitter = QSplitter()
        self._fill_sections()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(scrolling(self.stack))
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # The sidebar as wide as its titles, not a share of the window: the rest goes to the page.
        self.splitter.setSizes([self.sidebar.maximumWidth(), 10_000])
        self.setCentralWidget(self.splitter)

        toolbar = QToolBar("Учебный год")
        toolbar.setObjectName("year_toolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Учебный год: "))
        self.year_box = QComboBox()
        self.year_box.setObjectName("year_box")
        self.year_box.setMinimumWidth(110)
        toolbar.addWidget(self.year_box)
        self.year_toolbar = toolbar
        self.new_year_action = None   # «Новый учебный год…», added in `attach` for those who may add a year
        self.addToolBar(toolbar)
        self.school_label = QLabel()
        self.statusBar().addWidget(self.school_label, 1)

        self.loading = QLabel(LOADING_TEXT)
        self.loading.setObjectName("loading")
        # Centred through the style sheet's property syntax: setAlignment would take the `Qt` namespace.
        self.loading.setStyleSheet("qproperty-alignment: AlignCenter;")
        self.stack.addWidget(self.loading)
        # Qt adds the program's name (applicationDisplayName) to every window title itself.
        self.setWindowTitle("")
        self._restore_geometry()
        if ctx is None:
            # The frame alone: nothing to click until the school is attached.
            self.stack.setCurrentWidget(self.loading)
            self.sidebar.setEnabled(False)
            self.year_box.setEnabled(False)
        else:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> MainWindow:
        """Fill the frame with the school open in `ctx`: years, title, the first section's page."""
        from app.services.access import Permission
        from app.services.municipality import MUNICIPALITY, database_kind
        from app.services.uow import Change
        from app.ui.refresh import follow_changes

        self.ctx = ctx
        if database_kind(ctx.uow()) == MUNICIPALITY:
            self.is_municipal = True
            self.sections = sections_for(MUNICIPALITY)
            self._fill_sections()
            self.splitter.setSizes([self.sidebar.maximumWidth(), 10_000])
        # Made here, not with the frame: the first QAction makes PySide6 build the Python types of QAction,
        # QIcon and QKeySequence with their long enums (~5 ms before the first paint).
        if self.new_year_action is None:
            self.new_year_action = self.year_toolbar.addAction("Новый учебный год…", self._add_year)
            self.new_year_action.setObjectName("new_year_action")
        self.new_year_action.setVisible(ctx.can(Permission.EDIT_ROSTER) and not self.is_municipal)
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.year_box.currentIndexChanged.connect(self._year_chosen)
        ctx.year_changed.connect(lambda _y: self._refresh_title())
        ctx.year_changed.connect(self._show_year_in_box)
        self.refresher = follow_changes(self, ctx, {Change.SCHOOL, Change.YEARS}, self._on_data_changed)
        self.sidebar.setEnabled(True)
        self.year_box.setEnabled(True)
        self._fill_years()
        self._refresh_title()
        self.sidebar.setCurrentRow(0)
        return self

    # --- sections -----------------------------------------------------------------------------
    def _fill_sections(self) -> None:
        """The sidebar's items and an empty slot per section (pages are built on first use)."""
        self.sidebar.clear()
        for widget in [self.stack.widget(slot) for slot in self._slots.values()]:
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._slots.clear()
        self.pages.clear()
        widest = max(self.sidebar.fontMetrics().horizontalAdvance(s.title) for s in self.sections)
        self.sidebar.setMinimumWidth(widest + 40)
        # No wider than its longest title: on 1366 px every pixel is needed by the pages.
        self.sidebar.setMaximumWidth(widest + 48)
        for section in self.sections:
            item = QListWidgetItem(section.title)   # its section is self.sections[row]
            item.setSizeHint(QSize(160, 34))
            self.sidebar.addItem(item)
        for i, section in enumerate(self.sections):
            self._slots[section.key] = self.stack.insertWidget(i, QWidget())

    def section_keys(self) -> list[str]:
        return [s.key for s in self.sections]

    def show_section(self, key: str) -> QWidget:
        row = self.section_keys().index(key)
        self.sidebar.setCurrentRow(row)
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page of a section, built on first use."""
        if key not in self.pages:
            section = next(s for s in self.sections if s.key == key)
            self.pages[key] = self._build_page(section)
            slot = self._slots[key]
            placeholder = self.stack.widget(slot)
            self.stack.insertWidget(slot, self.pages[key])
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return self.pages[key]

    def _build_page(self, section: Section) -> QWidget:
        from app.ui.placeholder import PlaceholderPage
        factory = load_factory(section.factory)
        if factory is PlaceholderPage:
            return PlaceholderPage(self.ctx, self.stack, title=section.title)
        return factory(self.ctx, self.stack)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = self.sections[row].key
        # A page that missed a change while hidden reloads as it is shown (app/ui/refresh.py).
        self.stack.setCurrentWidget(self.page(key))

    # --- year and title -------------------------------------------------------------------------
    def _fill_years(self) -> None:
        from app.services.calendar import year_starts, year_title
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

    def _on_data_changed(self) -> None:
        self._fill_years()
        self._refresh_title()

    def _refresh_title(self) -> None:
        from app.services.calendar import year_title
        from app.services.school.details import get_school
        details = get_school(self.ctx.uow())
        school = details.short_name or details.full_name or "школа не указана"
        if self.is_municipal:
            from app.services.municipality import get_municipality
            school = get_municipality(self.ctx.uow()).name
        year = year_title(self.ctx.year) if self.ctx.year else "учебный год не задан"
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
