"""The reports page and the dashboard: the level selector only for a set that counts against the level, the
basis of each value in words, a share card with its target beside the value."""
from __future__ import annotations


def test_level_selector_only_for_profminimum_and_hours_in_words(qtbot, ctx):
    from app.ui.reports.page import ReportsPage

    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.set_combo.setCurrentIndex(page.set_combo.findData("profminimum"))
    assert page.level.isVisible() and page.level_label.isVisible()
    p6 = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).code == "P6")
    basis = page.view.model().index(p6, 4).data()
    assert " ч на " in basis and basis.endswith("обучающихся") and "." not in basis
    page.set_combo.setCurrentIndex(page.set_combo.findData("targets-shares"))
    assert not page.level.isVisible() and not page.level_label.isVisible()
    d1 = page.view.model().index(0, 4).data()
    assert " из " in d1 and d1.endswith(("обучающихся", "обучающегося"))


def test_a_share_card_shows_its_target_beside_the_value(qtbot, ctx):
    from app.ui.dashboard.page import DashboardPage

    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.set_combo.setCurrentIndex(page.set_combo.findData("targets-shares"))
    d1 = page.cards["D1"]
    assert "цель: не менее 80" in d1.value_label.text()
    assert " из " in d1.details.text() and "обучающ" in d1.details.text()
    assert "не менее 80" not in d1.details.text()   # said once, beside the value
