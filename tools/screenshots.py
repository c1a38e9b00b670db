"""Screenshots of the program as a newcomer sees it on a school's 1366×768 screen: every section (and every tab
of it) of the demonstration school and of a new empty school, the first start, and the dialogs people trip
over — a delete confirmation, Qt's standard buttons, a text field's menu, open/save/print dialogs, the print
preview, the new academic year, the question which year a first roster goes into.

    python -m tools.screenshots [--out DIR] [--students N] [--display :N]

Starts Xvfb at 1366×768 (unless --display names a running X server), works in a temporary folder (never the
user's data or preferences) and writes one PNG per screen into DIR (default: screenshots/). Needs the
packages xvfb (and, to look at the pictures, any image viewer). Dialogs are shot while they are open and then
closed with «Отмена», so nothing is deleted or saved."""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WIDTH, HEIGHT = 1366, 768


def start_xvfb(display: str) -> subprocess.Popen:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Нет Xvfb: установите пакет xvfb (apt-get install -y xvfb) или укажите --display.")
    process = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{display.lstrip(':')}").exists():
            return process
        time.sleep(0.1)
    process.terminate()
    raise SystemExit(f"Xvfb не запустился на {display}.")


class Shooter:
    """Saves the whole screen, and shoots modal dialogs while they are open."""

    def __init__(self, out: Path):
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.out = out
        self.count = 0
        self.names: list[str] = []

    def settle(self, ms: int = 500) -> None:
        from PySide6.QtTest import QTest
        QTest.qWait(ms)

    def shot(self, name: str, *, settle: int = 500) -> Path:
        self.settle(settle)
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        self.app.primaryScreen().grabWindow(0).save(str(path))
        self.names.append(path.name)
        return path

    def modal(self, name: str, trigger, *, inside=None, close=None, timeout_s: float = 20.0) -> None:
        """Call `trigger` (which opens a modal dialog or a popup and blocks until it closes); shoot the dialog,
        run `inside(dialog)` (more shots of nested dialogs), then close it (`close`, else «Отмена»)."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        before = QApplication.activeModalWidget()
        started = time.monotonic()

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is before or not dialog.isVisible():
                if time.monotonic() - started < timeout_s:
                    QTimer.singleShot(100, poll)
                else:
                    print(f"  {name}: окно не появилось", file=sys.stderr)
                return
            self.shot(name)
            if inside is not None:
                inside(dialog)
            (close or (lambda d: d.reject()))(dialog)

        QTimer.singleShot(100, poll)
        trigger()
        self.settle(200)


def _tabs(page):
    from PySide6.QtWidgets import QTabWidget
    tabs = getattr(page, "tabs", None)
    return tabs if isinstance(tabs, QTabWidget) else None


def shoot_sections(shooter: Shooter, window, prefix: str) -> None:
    from app.ui.sections import SECTIONS

    for section in SECTIONS:
        page = window.show_section(section.key)
        tabs = _tabs(page)
        if tabs is None:
            shooter.shot(f"{prefix}-{section.key}", settle=900)
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            shooter.shot(f"{prefix}-{section.key}-{index + 1}", settle=900)
        tabs.setCurrentIndex(0)


def demo_school(shooter: Shooter, folder: Path, students: int) -> None:
    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.services.demo.build import build_demo
    from app.services.storage.migrations import open_database
    from app.ui.app import start_session

    database = open_database(folder / "demo.db")
    build_demo(database, students=students)
    session = start_session(database, is_demo=True, settings=QSettings(str(folder / "window.ini"),
                                                                      QSettings.Format.IniFormat))
    window = session.window
    shooter.shot("demo-window", settle=1200)
    shoot_sections(shooter, window, "demo")

    events = window.show_section("events")
    tab = events.events
    tab.view.selectRow(0)
    shooter.modal("demo-event-delete-confirmation", tab.delete)
    shooter.modal("demo-event-dialog", tab.edit if hasattr(tab, "edit") else tab.add)
    from app.ui.events.attendance_dialog import AttendanceDialog
    row = tab.model.rows[0] if tab.model.rows else None
    if row is not None:
        shooter.modal("demo-attendance", lambda: AttendanceDialog(window.ctx, row.id, window).exec())
    shooter.modal("demo-standard-buttons-save-discard-cancel", lambda: QMessageBox.question(
        window, "Отметка участия", "Отметки не сохранены. Сохранить их?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel))
    menu = tab.search.createStandardContextMenu()
    menu.popup(tab.search.mapToGlobal(QPoint(10, 10)))
    shooter.shot("demo-text-field-menu")
    menu.close()
    shooter.modal("demo-open-file-dialog", tab.import_log)

    roadmap = window.show_section("roadmap")
    shooter.settle(600)
    first = roadmap.model.index(0, 0)
    if first.isValid():
        item = roadmap.model.index(0, 0, first)
        roadmap.tree.setCurrentIndex(item if item.isValid() else first)
        shooter.modal("demo-roadmap-item-dialog", roadmap.edit_selected)

    def inside_preview(dialog) -> None:
        shooter.settle(1500)
        shooter.shot("demo-print-preview-loaded")
        shooter.modal("demo-print-dialog", dialog.print_document)
        shooter.modal("demo-save-pdf-dialog", dialog.save_pdf)

    shooter.modal("demo-print-preview", roadmap.print_preview, inside=inside_preview)

    consultations = window.show_section("consultations")
    shooter.modal("demo-consultation-dialog", consultations.new_consultation)

    reports = window.show_section("reports")
    shooter.settle(800)
    shooter.modal("demo-report-save-dialog", reports.export_excel)
    shooter.modal("demo-new-year", window.new_year_action.trigger)
    window.close()
    session.deleteLater()
    database.dispose()
    del QFileDialog


def new_school(shooter: Shooter, folder: Path) -> None:
    from PySide6.QtCore import QSettings

    from app.services.accounts.accounts import create_first_administrator
    from app.services.school.details import SchoolDetails, save_school
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork
    from app.ui.context import AppContext
    from app.ui.first_start import SchoolSetupDialog, ask_first_start
    from app.ui.main_window import MainWindow

    shooter.modal("new-first-start", ask_first_start)
    database = open_database(folder / "school.db")
    shooter.modal("new-school-setup", lambda: SchoolSetupDialog(database).exec())
    actor = create_first_administrator(database, login="admin", password="Первый-запуск-2026",
                                       full_name="Иванова Анна Петровна")
    save_school(UnitOfWork(database, actor), SchoolDetails(full_name="Муниципальное автономное общеобразовательное "
                                                                     "учреждение «Средняя общеобразовательная школа № 5»",
                                                           short_name="МАОУ СОШ № 5"))
    window = MainWindow(AppContext(database, actor), settings=QSettings(str(folder / "window-new.ini"),
                                                                       QSettings.Format.IniFormat))
    window.show()
    shooter.shot("new-window", settle=1000)
    shoot_sections(shooter, window, "new")
    roster = _roster_without_year(folder / "Список обучающихся.xlsx")
    students = window.show_section("students")
    shooter.modal("new-import-which-year", lambda: students.students.import_roster(path=str(roster)))
    shooter.modal("new-new-year", window.new_year_action.trigger)
    window.close()
    database.dispose()


def _roster_without_year(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["ФИО", "Класс", "Дата рождения"])
    book.active.append(["Иванов Иван Иванович", "8Б", "01.03.2012"])
    book.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Снимки экранов ПрофТрека при 1366×768 (Xvfb).")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--students", type=int, default=700)
    parser.add_argument("--display", help="уже запущенный X-сервер (например :0); без него запускается Xvfb")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    folder = Path(tempfile.mkdtemp(prefix="proftrack-screens-"))
    xvfb = None
    if args.display:
        os.environ["DISPLAY"] = args.display
    else:
        display = ":97"
        xvfb = start_xvfb(display)
        os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["PROFTRACK_HOME"] = str(folder / "home")
    os.environ.setdefault("LANG", "ru_RU.UTF-8")
    try:
        from PySide6.QtCore import QSettings

        from app.ui.app import create_application

        app = create_application(["proftrack"])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "qsettings"))
        from app.ui.operations import Operations
        Operations.synchronous = True   # every page shows its data before the shot, not a spinner
        shooter = Shooter(args.out)
        demo_school(shooter, folder, args.students)
        new_school(shooter, folder)
        app.processEvents()
        print(f"Снимков: {shooter.count} → {args.out}")
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
