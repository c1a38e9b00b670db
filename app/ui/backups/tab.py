"""«Настройки» → «Резервные копии»: the copies the program keeps (with dates and counts), a copy to any
folder or USB stick, and restoring one (always after a copy of the current state)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from app.services.access import Permission
from app.services.storage.backups import (DEFAULT_POLICY, SCHEDULE_MINUTES, BackupInfo, backup_folder, export_backup,
                                  list_backups)
from app.services.labels import backup_reason_label
from app.services.storage.restore import RestoreResult, restore_backup
from app.services.uow import EVERYTHING
from app.ui.operations import run_operation
from app.ui.widgets.confirm import confirm_loss
from app.ui.widgets.table_model import Column, RowsTableModel
from app.ui.widgets.file_dialogs import ask_folder

POLICY_TEXT = ("Программа сама делает резервную копию базы при запуске, каждые {minutes} мин работы и при "
               "закрытии (если данные изменились), а также перед обновлением программы, загрузкой файлов, переходом на новый учебный "
               "год и восстановлением. Хранятся {p.recent} последних копий и ещё по одной за каждый из "
               "{p.daily} последних дней работы, {p.weekly} недель и {p.monthly} месяцев. Для надёжности "
               "сохраняйте копию и на флешку.").format(minutes=SCHEDULE_MINUTES, p=DEFAULT_POLICY)


def _count(value: int | None) -> str:
    return "—" if value is None else str(value)


COLUMNS: list[Column[BackupInfo]] = [
    Column("Дата и время", lambda b: f"{b.taken_at:%d.%m.%Y %H:%M:%S}", sort=lambda b: b.taken_at),
    Column("Причина", lambda b: backup_reason_label(b.reason)),
    # The number the students list shows for the year, so that a copy can be recognised by it.
    Column("Обучающихся", lambda b: _count(b.enrolled if b.enrolled is not None else b.students),
           sort=lambda b: b.enrolled or b.students or 0, align_right=True,
           tooltip=lambda b: f"В списке учебного года: {_count(b.enrolled)}; всего в базе, с выпускниками и "
                             f"выбывшими: {_count(b.students)}"),
    Column("Мероприятий", lambda b: _count(b.events), sort=lambda b: b.events or 0, align_right=True),
    Column("Размер", lambda b: f"{b.size / 1048576:.1f} МБ".replace(".", ","), sort=lambda b: b.size, align_right=True),
    Column("Состояние", lambda b: "в порядке" if b.ok else "повреждена"),
]


SERVER_TEXT = ("База данных школы хранится на сервере PostgreSQL. Резервные копии сервера делает администратор "
               "командой «main.py backup --db АДРЕС --out ПАПКА» (pg_dump, а без него — копия в файл) и "
               "восстанавливает на новую пустую базу командой «main.py restore ФАЙЛ --db АДРЕС».")


class BackupsTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        if ctx.database.is_server:
            # Copies of a server database are the administrator's (pg_dump), not files on this computer.
            note = QLabel(SERVER_TEXT)
            note.setObjectName("backups_server")
            note.setWordWrap(True)
            QVBoxLayout(self).addWidget(note)
            return
        policy = QLabel(POLICY_TEXT)
        policy.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.model: RowsTableModel[BackupInfo] = RowsTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("backups_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.create_button = QPushButton("Создать резервную копию…")
        self.create_button.setObjectName("backup_create")
        self.create_button.clicked.connect(self.create_copy)
        self.restore_button = QPushButton("Восстановить…")
        self.restore_button.setObjectName("backup_restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("Восстановить из файла…")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        refresh = QPushButton("Обновить список")
        refresh.clicked.connect(self.load)
        self.create_button.setEnabled(ctx.can(Permission.BACKUP))
        for button in (self.restore_button, self.restore_file_button):
            button.setEnabled(ctx.can(Permission.RESTORE))
        buttons = QHBoxLayout()
        for button in (self.create_button, self.restore_button, self.restore_file_button, refresh):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel("")
        self.status.setObjectName("backup_status")
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(policy)
        layout.addWidget(self.folder_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.load()

    @property
    def folder(self) -> Path:
        return backup_folder(self.ctx.database)

    def load(self) -> None:
        folder = self.folder
        self.folder_label.setText(f"Папка резервных копий: {folder}")
        stem = self.ctx.database.path.stem if self.ctx.database.path else None
        self.model.set_rows(list_backups(folder, stem=stem))

    def on_shown(self) -> None:
        self.load()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # --- «Создать резервную копию…» -------------------------------------------------------------

    def create_copy(self) -> None:
        folder = ask_folder(self, "Куда сохранить резервную копию (например, флешка)", kind="backup")
        if folder:
            self.export_to(folder)

    def export_to(self, folder: Path) -> None:
        def done(path: Path) -> None:
            self.status.setText(f"Резервная копия записана и проверена: {path}")
        run_operation(self, lambda progress, cancelled: export_backup(self.ctx.uow(), folder, progress=progress,
                                                                      cancelled=cancelled),
                      title="Создание резервной копии…", on_success=done, cancellable=True)

    # --- «Восстановить…» --------------------------------------------------------------------------

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None:
            QMessageBox.information(self, "Восстановление", "Выберите в списке копию, из которой восстановить базу.")
            return
        self.restore(info)

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Файл резервной копии", str(self.folder),
                                              "Резервные копии ПрофТрека (*.db);;Все файлы (*)")
        if name:
            from app.services.storage.backups import describe_backup
            self.restore(describe_backup(Path(name)))

    def restore(self, info: BackupInfo) -> None:
        if not info.ok:
            QMessageBox.warning(self, "Восстановление", f"Копия «{info.path.name}» повреждена: из неё восстановить "
                                "нельзя. Выберите другую.")
            return
        if not confirm_loss(
                self, "Восстановление из резервной копии",
                f"Заменить все данные программы данными копии от {info.taken_at:%d.%m.%Y %H:%M}?\n"
                f"В копии обучающихся: {_count(info.enrolled if info.enrolled is not None else info.students)}, "
                f"мероприятий: {_count(info.events)}.",
                lost="Всё, что внесено после этой копии, пропадёт из программы. Перед восстановлением текущее "
                     "состояние будет сохранено отдельной резервной копией, так что к нему можно будет вернуться.",
                irreversible=False):
            return
        database_path = self.ctx.database.path
        run_operation(self, lambda progress, cancelled: restore_backup(database_path, info.path, actor=self.ctx.actor,
                                                                       progress=progress, cancelled=cancelled),
                      title="Восстановление из резервной копии…", on_success=self._restored, cancellable=True,
                      announces=EVERYTHING)   # the whole file is another one now

    def _restored(self, result: RestoreResult) -> None:
        text = (f"База восстановлена из копии от {result.taken_at:%d.%m.%Y %H:%M} "
                f"(обучающихся: {result.students}, мероприятий: {result.events}).")
        if result.safety_copy:
            text += f" Прежнее состояние сохранено в копии «{result.safety_copy.name}»."
        self.status.setText(text)
        self.load()
        QMessageBox.information(self, "Восстановление", text)
