"""«Обзор»: the chosen indicator set as cards (value, target, met or not, change against the previous
year) and charts of participation by month, grade and category, and of students' profminimum hours
against the level. Clicking a card lists the students behind its number.

The figures are counted off the window's thread, once when the page is shown and again only when the
year, the set or the data changed; a newer request cancels one still running."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators.overview import Overview, overview
from app.services.indicators.chart_series import chart_series
from app.ui.dashboard.cards import IndicatorCard
from app.ui.dashboard.charts import ChartView, bar_chart
from app.ui.dashboard.students_dialog import open_students_behind
from app.ui.operations import run_operation, show_error
from app.ui.refresh import SCHOOL_DATA, follow_changes
from app.ui.widgets.indicator_set_combo import IndicatorSetCombo

WIDE_CHARTS = 900   # narrower than this (an old school monitor), the charts go one under another
WIDE_CARDS = 640
CATEGORY_ROW_HEIGHT = 26
REFLOW_SLACK = 30  # wider than a scroll bar


class ReflowGrid(QWidget):
    """Widgets in a grid of 2 (or 3) columns when there is room, fewer when there is not: the page then
    scrolls down and never sideways, and nothing is squeezed until its labels are cut. A widget marked
    full-row (a chart of twelve months) always takes a whole row."""

    def __init__(self, wide: int, columns: int, parent=None):
        super().__init__(parent)
        self.wide, self.max_columns = wide, columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.items: list[QWidget] = []
        self.full_row: set[QWidget] = set()
        self.columns = columns

    def set_widgets(self, widgets: list[QWidget], *, full_row: tuple[QWidget, ...] = ()) -> None:
        for old in self.items:
            if old not in widgets:
                old.deleteLater()
        self.items = list(widgets)
        self.full_row = set(full_row)
        self._place()

    def columns_for(self, width: int) -> int:
        # A little slack before going back to fewer columns: the vertical scroll bar coming and going with
        # the height must not flip the layout back and forth.
        wide = self.wide - REFLOW_SLACK if self.columns == self.max_columns else self.wide
        return self.max_columns if width >= wide else max(1, self.max_columns - 1)

    def _place(self) -> None:
        while self.grid.count():
            self.grid.takeAt(0)
        row = column = 0
        for widget in self.items:
            if widget in self.full_row:
                row, column = (row + 1, 0) if column else (row, 0)
                self.grid.addWidget(widget, row, 0, 1, self.columns)
                row += 1
                continue
            self.grid.addWidget(widget, row, column)
            column += 1
            if column == self.columns:
                row, column = row + 1, 0
        for column in range(self.max_columns):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)

    def resizeEvent(self, event) -> None:
        columns = self.columns_for(event.size().width())
        if columns != self.columns:
            self.columns = columns
            self._place()
        super().resizeEvent(event)


class DashboardPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.data: Overview | None = None
        self.cards: dict[str, IndicatorCard] = {}
        self.set_combo = IndicatorSetCombo()
        self.set_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.title = QLabel()
        self.title.setObjectName("dashboard_title")
        refresh = QPushButton("Обновить")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel("Набор:"))
        top.addWidget(self.set_combo, 1)
        top.addWidget(self.title)
        top.addWidget(refresh)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.cards_box = ReflowGrid(WIDE_CARDS, 3)
        self.charts = {key: ChartView() for key in ("month", "grade", "hours", "category")}
        self.charts_box = ReflowGrid(WIDE_CHARTS, 2)
        # Twelve month labels need more than half of an ordinary screen; the category names want room too.
        self.charts_box.set_widgets(list(self.charts.values()),
                                    full_row=(self.charts["month"], self.charts["category"]))
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.message)
        inner_layout.addWidget(self.cards_box)
        inner_layout.addWidget(self.charts_box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the grids reflow instead
        self.scroll = scroll
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        # Counted when the page is first shown and again, once, when it is shown after the year or the data
        # changed; at once while it is on screen (app/ui/refresh.py).
        self.refresher = follow_changes(self, ctx, SCHOOL_DATA, self.refresh, on_year=True, stale=True)
        if self.set_combo.load_error:
            self._say(self.set_combo.load_error)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refresh(self) -> None:
        set_code, year = self.set_combo.set_code(), self.ctx.year
        if not self.ctx.can(Permission.VIEW_INDICATORS):
            self._say("Недостаточно прав: просмотр показателей.")
            return
        if year is None:
            self._say("Учебного года ещё нет: добавьте его кнопкой «Новый учебный год…» вверху окна, затем загрузите "
                      "список обучающихся («Учащиеся» → «Загрузить список…»).")
            return
        if set_code is None:
            self._say("Нет ни одного набора показателей: проверьте папку resources/indicators.")
            return
        self.title.setText(f"{year_title(year)} учебный год")
        self._say("Подсчёт показателей…")
        uow = self.ctx.uow()
        run_operation(self, lambda progress, cancelled: overview(uow, set_code=set_code, year=year,
                                                                 cancelled=cancelled),
                      title="Подсчёт показателей…", on_success=self.show_overview, on_failure=self._failed,
                      replaces=self, quiet=True)

    def _failed(self, exc: BaseException) -> None:
        self._say("")
        self.refresher.stale = True   # counted again when next shown
        show_error(self, exc, title="Обзор")

    def show_overview(self, data: Overview) -> None:
        self.data = data
        self._say("" if data.previous is not None else
                  "Прошлого учебного года в базе нет: сравнение с прошлым годом не показывается.")
        self.cards = {}
        for value in data.current.indicators:
            card = IndicatorCard(value, data)
            card.clicked.connect(self.open_students)
            self.cards[value.code] = card
        self.cards_box.set_widgets(list(self.cards.values()))
        series = chart_series(data)
        for key, one in series.items():
            # Horizontal bars are drawn bottom-up: reversed, the category with most students is on top.
            points, names = (tuple(reversed(one.points)), tuple(reversed(one.full_names))) if one.horizontal \
                else (one.points, one.full_names)
            chart = bar_chart(one.title, points, horizontal=one.horizontal, color=one.color,
                              highlight_last=one.highlight_last, category_title=one.category_title,
                              full_names=names)
            height = max(260, 70 + CATEGORY_ROW_HEIGHT * len(points)) if one.horizontal else 260
            self.charts[key].show_chart(chart, min_height=height)

    def open_students(self, code: str) -> None:
        if not self.ctx.can(Permission.VIEW_ROSTER):
            self._say("Недостаточно прав: просмотр списка обучающихся.")
            return
        open_students_behind(self.ctx, self, set_code=self.data.current.set_code, indicator_code=code,
                             year=self.data.current.year)
