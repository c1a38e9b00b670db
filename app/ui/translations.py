"""Qt's own texts in Russian: the standard buttons (Сохранить, Отмена, Да, Нет), the context menu of every text
field, the file and print dialogs. The translations ship with PySide6 (`qtbase_ru.qm`)."""
from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.services.resources import resource_path

log = logging.getLogger(__name__)

_CATALOGUES = ("qtbase",)

# Texts that qtbase_ru lacks (the file dialog's labels with their accelerators), shipped by the program.
_EXTRA = "qtbase_extra_ru.qm"


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
    extra = QTranslator(app)
    if extra.load(str(resource_path("translations") / _EXTRA)):
        # Installed after qtbase, so searched first; it holds only what qtbase lacks.
        app.installTranslator(extra)
        translators.append(extra)
    else:
        log.warning("translation %s not found", _EXTRA)
    app._proftrack_translators = translators  # kept alive as long as the application
    return bool(translators)
