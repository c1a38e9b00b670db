"""The whole window on a PostgreSQL server database: the demonstration school built there, every section
opened (each page asks its services, so every list and figure is read through the server)."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox

from app.services.access import system_actor
from app.services.demo.build import MIN_STUDENTS, build_demo
from app.services.storage.migrations import open_database
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.sections import SECTIONS


def test_every_section_opens_on_a_server_database(qtbot, pg_url, qsettings):
    database = open_database(pg_url)
    try:
        summary = build_demo(database, students=MIN_STUDENTS, seed=3)
        window = MainWindow(AppContext(database, system_actor("демонстрация"), is_demo=True), settings=qsettings)
        qtbot.addWidget(window)
        window.show()
        for row, section in enumerate(SECTIONS):
            window.sidebar.setCurrentRow(row)
            assert window.stack.currentWidget() is window.page(section.key)
            qtbot.wait(50)
        # The lists were filled from the server, and no page had to show an error.
        rows = {v.objectName(): v.model().rowCount() for v in window.findChildren(QAbstractItemView)
                if v.model() is not None}
        assert sum(rows.values()) >= summary.current_students
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        from app.ui.backups.tab import BackupsTab
        tab = BackupsTab(AppContext(database, system_actor("тест")))
        qtbot.addWidget(tab)
        assert "pg_dump" in tab.findChild(QLabel, "backups_server").text()
    finally:
        database.dispose()
