"""«Обзор»: the chosen indicator set as cards (value, target, met or not, change against the previous
year) and charts of participation by month, grade and category, and of students' profminimum hours
against the level. Clicking a card lists the students behind its number."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators import IndicatorValue, format_value
from app.services.indicators.overview import Overview, overview
from app.services.labels import target_state
from app.ui.dashboard.charts import ChartView, bar_chart
from app.ui.dashboard.students_dialog import open_students_behind
from app.ui.operations import run_operation
from app.ui.widgets.indicator_set_combo import IndicatorSetCombo

CARD_COLUMNS = 3
MET_COLOR, NOT_MET_COLOR = "#1e7b34", "#b3261e"


class IndicatorCard(QFrame):
    """One indicator: its number large, the target and whether it is met, the change since last year."""

    clicked = Signal(str)

    def __init__(self, value: IndicatorValue, change: float | None, parent=None):
        super().__init__(parent)
        self.code = value.code
        self.setObjectName(f"card_{value.code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        border = "#c9d3df" if value.met is None else (MET_COLOR if value.met else NOT_MET_COLOR)
        self.setStyleSheet(f"IndicatorCard {{ border: 1px solid {border}; border-left: 5px solid {border}; "
                           f"border-radius: 4px; background: palette(base); }}")
        name = QLabel(f"<b>{value.code}.</b> {value.name}")
        name.setWordWrap(True)
        suffix = "%" if value.is_share and value.value is not None else (
            "" if value.value is None else f" {value.unit}")
        self.value_label = QLabel(f"<span style='font-size:20pt; font-weight:600'>{value.display}</span>{suffix}")
        self.value_label.setObjectName("value")
        details = []
        if value.is_share and value.denominator is not None:
            details.append(f"{value.numerator:g} из {value.denominator}")
        if value.is_manual:
            details.append("введено вручную")
        if value.target:
            state = target_state(value.met, empty="—")
            color = "#555" if value.met is None else (MET_COLOR if value.met else NOT_MET_COLOR)
            details.append(f"цель {value.target}: <span style='color:{color}'><b>{state}</b></span>")
        if change is not None:
            sign = "+" if change > 0 else ""
            unit = " п. п." if value.is_share else ""
            details.append(f"к прошлому году: {sign}{format_value(change, share=value.is_share)}{unit}")
        self.details = QLabel("; ".join(details))
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(name)
        layout.addWidget(self.value_label)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.setMinimumHeight(120)
        if value.has_students:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Нажмите, чтобы увидеть обучающихся за этим числом и ещё не охваченных")
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.has_students = value.has_students

    def mouseReleaseEvent(self, event) -> None:
        if self.has_students and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.code)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if self.has_students and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.code)
            return
        super().keyPressEvent(event)


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
        self.cards_box = QWidget()
        self.cards_grid = QGridLayout(self.cards_box)
        self.cards_grid.setContentsMargins(0, 0, 0, 0)
        self.charts = {key: ChartView() for key in ("month", "grade", "category", "hours")}
        charts_box = QWidget()
        charts_grid = QGridLayout(charts_box)
        charts_grid.setContentsMargins(0, 0, 0, 0)
        for n, view in enumerate(self.charts.values()):
            charts_grid.addWidget(view, n // 2, n % 2)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.message)
        inner_layout.addWidget(self.cards_box)
        inner_layout.addWidget(charts_box)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        ctx.year_changed.connect(lambda _y: self.refresh())
        ctx.data_changed.connect(lambda _what: self.refresh() if self.isVisible() else None)
        if self.set_combo.load_error:
            self._say(self.set_combo.load_error)
        self.refresh()

    def on_shown(self) -> None:
        self.refresh()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refresh(self) -> None:
        set_code, year = self.set_combo.set_code(), self.ctx.year
        if not self.ctx.can(Permission.VIEW_INDICATORS):
            self._say("Недостаточно прав: просмотр показателей.")
            return
        if set_code is None or year is None:
            self._say("Нет учебного года или набора показателей: добавьте учебный год и обучающихся.")
            return
        self.title.setText(f"{year_title(year)} учебный год")
        run_operation(self, lambda progress, cancelled: overview(self.ctx.uow(), set_code=set_code, year=year),
                      title="Подсчёт показателей…", on_success=self.show_overview)

    def show_overview(self, data: Overview) -> None:
        self.data = data
        self._say("" if data.previous is not None else
                  "Прошлого учебного года в базе нет: изменение к прошлому году не показывается.")
        while self.cards_grid.count():
            item = self.cards_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.cards = {}
        for n, value in enumerate(data.current.indicators):
            card = IndicatorCard(value, data.change(value.code))
            card.clicked.connect(self.open_students)
            self.cards[value.code] = card
            self.cards_grid.addWidget(card, n // CARD_COLUMNS, n % CARD_COLUMNS)
        self.charts["month"].show_chart(bar_chart("Участие в мероприятиях по месяцам (отметок «участвовал»)",
                                                  data.by_month))
        self.charts["grade"].show_chart(bar_chart("Обучающихся, участвовавших в мероприятиях, по параллелям",
                                                  data.by_grade, color="#5b8c5a"))
        self.charts["category"].show_chart(bar_chart("Обучающихся по категориям мероприятий",
                                                     tuple(reversed(data.by_category)), horizontal=True,
                                                     color="#8a6bbf"))
        self.charts["hours"].show_chart(bar_chart(
            f"Часы профминимума, 6–11 классы (уровень {data.threshold_hours:g} ч)", data.hours_bands,
            color="#d08c2f", highlight_last=MET_COLOR))

    def open_students(self, code: str) -> None:
        if not self.ctx.can(Permission.VIEW_ROSTER):
            self._say("Недостаточно прав: просмотр списка обучающихся.")
            return
        open_students_behind(self.ctx, self, set_code=self.data.current.set_code, indicator_code=code,
                             year=self.data.current.year)
