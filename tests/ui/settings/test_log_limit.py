"""The participation log's row limit is changed where its refusal says: «Настройки» → «Сведения об ОО»."""
from __future__ import annotations

from app.services import settings
from app.services.access import Role
from app.ui.context import AppContext
from app.ui.operations import Operations
from app.ui.settings.school_tab import SchoolDetailsTab
from tests.conftest import make_actor


def test_the_log_limit_is_saved_from_the_school_tab(qtbot, app_context):
    Operations.synchronous = True
    tab = SchoolDetailsTab(app_context)
    qtbot.addWidget(tab)
    assert tab.log_limit.value() == 1_000_000
    tab.log_limit.setValue(2_500_000)
    assert tab.save_log_limit()
    assert settings.read(app_context.uow(), settings.PARTICIPATION_MAX_ROWS) == 2_500_000
    assert "2 500 000" in tab.status.text()
    again = SchoolDetailsTab(app_context)
    qtbot.addWidget(again)
    assert again.log_limit.value() == 2_500_000


def test_a_class_teacher_sees_the_limit_but_cannot_change_it(qtbot, database):
    ctx = AppContext(database, make_actor(Role.CLASS_TEACHER))
    tab = SchoolDetailsTab(ctx)
    qtbot.addWidget(tab)
    assert not tab.log_limit.isEnabled()
    assert tab.findChild(type(tab.buttons.button(tab.buttons.StandardButton.Save)), "save_log_limit").isHidden()
