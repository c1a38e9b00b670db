"""GUI tests: off-screen Qt, background operations run inline, QSettings in a temporary folder."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from app.ui.operations import Operations


@pytest.fixture(autouse=True)
def synchronous_operations():
    Operations.synchronous = True
    yield
    Operations.synchronous = False


@pytest.fixture
def qsettings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def app_context(qapp, database, admin):
    from app.ui.context import AppContext
    return AppContext(database, admin)
