<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Texts Qt's widgets ask for that PySide6's qtbase_ru.qm lacks: the file dialog's labels carry their
     accelerator, the catalogue has them without it; «Discard» it gives as «Отклонить», which
     reads as refusing the changes offered, not as leaving them unsaved. Found on the screenshots (tools/screenshots.py).
     Rebuild the .qm after a change: pyside6-lrelease qtbase_extra_ru.ts -->
<TS version="2.1" language="ru_RU">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>&amp;Тип файлов:</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Discard</source>
        <translation>Не сохранять</translation>
    </message>
</context>
</TS>
