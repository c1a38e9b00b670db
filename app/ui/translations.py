"""Qt's own texts in Russian: the standard buttons (Сохранить, Отмена, Да, Нет), the context menu of every text
field, the file and print dialogs. The translations ship with PySide6 (`qtbase_ru.qm`)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

_CATALOGUES = ("qtbase",)


def install_russian_translations(app: QApplication) -> bool:
    """Load Qt's Russian catalogues into `app` once; False (and a line in the log) when they are missing."""
    if getattr(app, "_proftrack_translators", None):
        return True
    # Numbers, dates and the names Qt builds itself follow Russian rules too.
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for catalogue in _CATALOGUES:
        translator = QTranslator(app)
        if translator.load(QLocale(QLocale.Language.Russian), catalogue, "_", folder):
            app.installTranslator(translator)
            translators.append(translator)
        else:
            log.warning("Qt translation %s_ru not found in %s", catalogue, folder)
    app._proftrack_translators = translators  # kept alive as long as the application
    return bool(translators)
