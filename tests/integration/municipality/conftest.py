from __future__ import annotations

import pytest

from app.services.access import system_actor
from app.services.municipality import create_municipality
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork
from tests.district_schools import MUNICIPALITY, build_district


@pytest.fixture(scope="session")
def district(tmp_path_factory):
    return build_district(tmp_path_factory.mktemp("district"))


@pytest.fixture
def municipal(db_path):
    database = open_database(db_path)
    create_municipality(database, MUNICIPALITY)
    yield database
    database.dispose()


@pytest.fixture
def muni_uow(municipal):
    return UnitOfWork(municipal, system_actor("специалист"))
