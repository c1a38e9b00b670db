"""The small school the students pages are tested on."""
from __future__ import annotations

import pytest

from tests.small_school import build_small_school


@pytest.fixture
def school(database):
    return build_small_school(database)

