"""«Сводка»: the district's summary for the year and set shown — each school's value, coloured where a target
is missed; a click on a school's value opens that school's report; a chart comparing the schools on one
indicator; the district's totals year after year; the Excel summary and the region's form."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QSplitter, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)
from PySide6.QtCore import Qt

from app.services.access import Permission
from app.ui.refresh import follow_changes
from app.services.uow import Change
from app.services.calendar import year_title
from app.services.municipality import DistrictSummary, district_summary, district_trend
from app.services.municipality.school_report import loaded_report
from app.ui.dashboard.charts import ChartView, bar_chart
from app.ui.municipality.report_dialog import SchoolReportDialog
from app.ui.municipality.summary_model import SummaryModel
from app.ui.operations import Operation, run_operation, run_quick
from app.ui.widgets.common import button_row, rows_view
from app.ui.widgets.indicator_set_combo import IndicatorSetCombo


class SummaryPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.summary: DistrictSummary | None = None
        self.set_combo = IndicatorSetCombo()
        self.set_combo.setObjectName("summary_set")
        self.heading = QLabel()
        self.model = SummaryModel(self)
        self.view = rows_view(self.model, name="summary_view")
        self.view.setSortingEnabled(False)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.setSelectionBehavior(self.view.SelectionBehavior.SelectItems)
        self.view.clicked.connect(self.open_report)
        self.notes = QLabel()
        self.notes.setObjectName("summary_notes")
        self.notes.setWordWrap(True)
        self.indicator = QComboBox()
        self.indicator.setObjectName("chart_indicator")
        self.chart = ChartView()
        self.trend = QTableWidget()
        self.trend.setObjectName("trend_table")
        self.trend.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        chart_tab = QWidget()
        chart_layout = QVBoxLayout(chart_tab)
        chart_row = QHBoxLayout()
        chart_row.addWidget(QLabel("Показатель:"))
        chart_row.addWidget(self.indicator, 1)
        chart_layout.addLayout(chart_row)
        chart_layout.addWidget(self.chart, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(chart_tab, "Сравнение школ")
        self.tabs.addTab(self.trend, "Год к году")
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.view, 1)
        top_layout.addWidget(self.notes)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        controls = QHBoxLayout()
        controls.addWidget(self.heading, 1)
        controls.addWidget(QLabel("Набор показателей:"))
        controls.addWidget(self.set_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(controls)
        layout.addWidget(splitter, 1)
        layout.addLayout(button_row([("Сохранить сводку в Excel…", self.export_xlsx),
                                     ("Заполнить форму региона…", self.fill_region_form)],
                                    visible=ctx.can(Permission.EXPORT)))
        self.set_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.indicator.currentIndexChanged.connect(lambda _i: self._draw_chart())
        self.refresher = follow_changes(self, ctx, {Change.MUNICIPALITY}, self.refresh, on_year=True)
        self.refresh()

    def refresh(self) -> None:
        year, set_code = self.ctx.year, self.set_combo.set_code()
        if year is None or set_code is None:
            self.model.set_summary(None)
            self.heading.setText("<b>Сводка</b>")
            return
        outcome = Operation(self, lambda _p, _c: (district_summary(self.ctx.uow(), year=year, set_code=set_code),
                                                  district_trend(self.ctx.uow(), set_code=set_code))) \
            .refusal_shown_in(self.notes.setText).run_now()
        if not outcome:
            self.summary = None
            self.model.set_summary(None)
            return
        self.summary, trend = outcome.value
        s = self.summary
        self.heading.setText(f"<b>Сводка за {year_title(year)} учебный год</b> — представили отчёт "
                             f"{len(s.schools)} ОО из {len(s.schools) + len(s.missing)}")
        self.model.set_summary(s)
        # Fixed widths: sizing a hundred schools' columns to their contents would read every cell.
        self.view.setColumnWidth(0, 280)
        for col in range(1, self.model.columnCount()):
            self.view.setColumnWidth(col, 72)
        notes = []
        if s.roadmaps_approved is not None:
            notes.append(f"ОО, в которых разработаны и утверждены дорожные карты: {s.roadmaps_approved}.")
        if s.missing:
            notes.append("Не представили отчёт: " + ", ".join(s.missing) + ".")
        if any(school.source == "hand" for school in s.schools):
            notes.append("Формы, заполненные вручную, дают только количества: их доли в итог не входят.")
        notes.append("Щёлкните значение школы, чтобы открыть её отчёт.")
        self.notes.setText(" ".join(notes))
        current = self.indicator.currentData()
        self.indicator.blockSignals(True)
        self.indicator.clear()
        for head in s.indicators:
            self.indicator.addItem(f"{head.code}. {head.name}", head.code)
        self.indicator.setCurrentIndex(max(self.indicator.findData(current), 0))
        self.indicator.blockSignals(False)
        self._draw_chart()
        self._fill_trend(trend)

    def _draw_chart(self) -> None:
        s, code = self.summary, self.indicator.currentData()
        if s is None or code is None:
            return
        head = next(h for h in s.indicators if h.code == code)
        # Drawn bottom to top: reversed, so that the schools read in alphabetical order from the top.
        schools = s.schools[::-1]
        points = tuple((school.name, (school.figures.get(code).value or 0) if school.figures.get(code) else 0)
                       for school in schools)
        unit = "%" if head.measure == "share" else head.unit
        self.chart.show_chart(bar_chart(f"{head.code}: значения школ, {unit}", points, horizontal=True,
                                        full_names=tuple(school.full_name for school in schools)),
                              min_height=max(260, 28 * len(points)))

    def _fill_trend(self, trend: list[DistrictSummary]) -> None:
        s = self.summary
        assert s is not None
        self.trend.clear()
        self.trend.setRowCount(len(s.indicators))
        self.trend.setColumnCount(len(trend))
        self.trend.setHorizontalHeaderLabels([t.year_title for t in trend])
        self.trend.setVerticalHeaderLabels([h.code for h in s.indicators])
        for r, head in enumerate(s.indicators):
            self.trend.verticalHeaderItem(r).setToolTip(head.name)
            for c, year in enumerate(trend):
                item = QTableWidgetItem(head.display(year.total.get(head.code)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.trend.setItem(r, c, item)

    def open_report(self, index: QModelIndex) -> None:
        report_id = self.model.report_id_at(index.row())
        if report_id is None:
            return
        outcome = run_quick(self, lambda: loaded_report(self.ctx.uow(), report_id), title="Отчёт школы")
        if not outcome:
            return
        dialog = SchoolReportDialog(outcome.value, self)
        dialog.setObjectName("school_report_dialog")
        dialog.open()

    def export_xlsx(self) -> None:
        year, set_code = self.ctx.year, self.set_combo.set_code()
        if year is None or set_code is None:
            return
        out, _ = QFileDialog.getSaveFileName(self, "Сводка", f"Сводка {year_title(year).replace('/', '-')}.xlsx",
                                             "Файлы Excel (*.xlsx)")
        if out:
            self.export_to(out)

    def export_to(self, out: str) -> None:
        from app.services.municipality.summary_xlsx import export_summary

        year, set_code = self.ctx.year, self.set_combo.set_code()
        run_operation(self, lambda p, c: export_summary(self.ctx.uow(), year=year, set_code=set_code, out=out),
                      title="Сохранение сводки…", on_success=lambda _s: self.notes.setText(f"Сводка сохранена: {out}"))

    def fill_region_form(self) -> None:
        from app.services.municipality.regional_form import fill_regional_form

        year, set_code = self.ctx.year, self.set_combo.set_code()
        if year is None or set_code is None:
            return
        form, _ = QFileDialog.getOpenFileName(self, "Форма региона", "", "Файлы Excel (*.xlsx *.xlsm)")
        if not form:
            return
        out, _ = QFileDialog.getSaveFileName(self, "Сохранить заполненную форму", "", "Файлы Excel (*.xlsx)")
        if not out:
            return
        run_operation(self, lambda p, c: fill_regional_form(self.ctx.uow(), form=form, out=out, year=year,
                                                            set_code=set_code),
                      title="Заполнение формы региона…",
                      on_success=lambda r: self.notes.setText(
                          f"Форма заполнена: {r.out_path}. Заполнено ячеек: {len(r.written)}"
                          + (f"; не найдено места: {', '.join(r.not_found)}" if r.not_found else "")))
