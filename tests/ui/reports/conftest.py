"""The reports pages are tested on the hand-counted school (tests/indicator_school.py), its current year chosen."""
from __future__ import annotations

import pytest

from tests.indicator_school import build_school


@pytest.fixture
def ctx(database, app_context):
    build_school(database)
    from app.services.calendar import current_year
    with app_context.uow() as uow:
        app_context.set_year(current_year(uow.session).start_year)
    return app_context
