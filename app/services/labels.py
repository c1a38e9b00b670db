"""Every recurring Russian label of the domain, in the words of DOMAIN.md: one place to change them."""
from __future__ import annotations

from app.services.access import Permission, Role

EVENT_CATEGORY_LABELS: dict[str, str] = {
    "bvb_diagnostics": "Билет в будущее: онлайн-диагностика",
    "bvb_trial": "Билет в будущее: профессиональная проба",
    "bvb_event": "Билет в будущее: другое мероприятие проекта",
    "proektoria": "Открытый онлайн-урок «ПроеКТОриЯ»",
    "horizons": "Занятие курса «Россия — мои горизонты»",
    "excursion": "Экскурсия на предприятие / в организацию",
    "open_day": "День открытых дверей",
    "fair": "Ярмарка вакансий / учебных мест",
    "master_class": "Мастер-класс / профессиональная проба",
    "competition": "Конкурс, чемпионат, олимпиада профориентационной направленности",
    "class_hour": "Классный час / день профориентации",
    "meeting": "Встреча с представителями профессий",
    "intentions_survey": "Мониторинг профессиональных намерений",
    "diagnostics": "Диагностика способностей и склонностей",
    "parents_meeting": "Родительское собрание по профориентации",
    "summer": "Летняя трудовая занятость / профильная смена",
    "other": "Другое",
}

# Short names for chart axes, where the full ones above do not fit (the full name goes into a tooltip).
EVENT_CATEGORY_SHORT_LABELS: dict[str, str] = {
    "bvb_diagnostics": "БвБ: диагностика",
    "bvb_trial": "БвБ: профпробы",
    "bvb_event": "БвБ: другое",
    "proektoria": "ПроеКТОриЯ",
    "horizons": "Россия — мои горизонты",
    "excursion": "Экскурсии",
    "open_day": "Дни открытых дверей",
    "fair": "Ярмарки вакансий",
    "master_class": "Мастер-классы",
    "competition": "Конкурсы, олимпиады",
    "class_hour": "Классные часы",
    "meeting": "Встречи с профессионалами",
    "intentions_survey": "Мониторинг намерений",
    "diagnostics": "Диагностика склонностей",
    "parents_meeting": "Родительские собрания",
    "summer": "Летняя занятость",
    "other": "Другое",
}

ORGANIZER_TYPE_LABELS: dict[str, str] = {
    "school": "Школа",
    "poo": "ПОО",
    "vo": "ВО",
    "employer": "Предприятие / организация",
    "czn": "ЦЗН",
    "dop": "Доп. образование",
    "other": "Другое",
}

PARTNER_TYPE_LABELS: dict[str, str] = {k: v for k, v in ORGANIZER_TYPE_LABELS.items() if k != "school"}

EVENT_FORMAT_LABELS = {"offline": "очно", "online": "онлайн"}

PARTICIPATION_STATUS_LABELS = {"registered": "записан", "attended": "участвовал", "absent": "не явился"}
# The same said of a student whose sex is known (m / f), or with both endings when it is not.
_PARTICIPATION_STATUS_BY_SEX = {
    "registered": {"m": "записан", "f": "записана", None: "записан(а)"},
    "attended": {"m": "участвовал", "f": "участвовала", None: "участвовал(а)"},
    "absent": {"m": "не явился", "f": "не явилась", None: "не явился(ась)"},
}


def participation_status_label(status: str | None, sex: str | None) -> str:
    """«участвовала» for a girl, «участвовал» for a boy, «участвовал(а)» when the roster does not say."""
    forms = _PARTICIPATION_STATUS_BY_SEX.get(status or "")
    if forms is None:
        return status or ""
    return forms.get(sex if sex in ("m", "f") else None, forms[None])

COMPETITION_RESULT_LABELS = {"participant": "участник", "prize": "призёр", "winner": "победитель"}

SEX_LABELS = {"m": "М", "f": "Ж"}

CONSULTATION_KIND_LABELS = {"individual": "индивидуальная", "group": "групповая"}

CONSULTATION_REQUESTER_LABELS = {"student": "обучающийся", "parent": "родитель", "teacher": "педагог"}

DEFAULT_CONSULTATION_TOPICS = (
    "Выбор профессии", "Выбор профиля обучения", "Подготовка к ГИА", "Тревожность при выборе",
    "Выбор образовательной организации", "Профессиональные намерения",
)

DESTINATION_LABELS = {
    "grade10": "10 класс", "poo": "ПОО", "vo": "ВО", "work": "работа", "army": "армия", "other": "другое",
}

EXAM_LABELS = {"oge": "ОГЭ", "ege": "ЕГЭ"}

CLUB_ORIENTATION_LABELS = {"profile": "профильная", "preprofile": "предпрофильная"}

ROADMAP_ITEM_STATUS_LABELS = {
    "planned": "запланировано", "in_progress": "выполняется", "done": "выполнено", "cancelled": "отменено",
}

PROFMINIMUM_LEVEL_LABELS = {"basic": "базовый", "main": "основной", "advanced": "продвинутый"}
PROFMINIMUM_LEVEL_HOURS = {"basic": 40, "main": 60, "advanced": 80}

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: "администратор",
    Role.COORDINATOR: "координатор",
    Role.PSYCHOLOGIST: "педагог-психолог",
    Role.DEPUTY: "заместитель директора",
    Role.CLASS_TEACHER: "классный руководитель",
}

CONSENT_SCOPE_LABELS = {
    "personal": "персональные данные",
    "personal_and_health": "персональные данные и сведения о здоровье",
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.VIEW_ROSTER: "просмотр списка обучающихся",
    Permission.EDIT_ROSTER: "изменение списка обучающихся",
    Permission.VIEW_HEALTH: "просмотр сведений об ОВЗ и инвалидности",
    Permission.VIEW_EVENTS: "просмотр мероприятий",
    Permission.EDIT_EVENTS: "изменение мероприятий",
    Permission.EDIT_ATTENDANCE: "отметка участия",
    Permission.VIEW_ROADMAP: "просмотр дорожной карты",
    Permission.EDIT_ROADMAP: "изменение дорожной карты",
    Permission.VIEW_CONSULTATIONS: "просмотр журнала консультаций",
    Permission.EDIT_CONSULTATIONS: "ведение консультаций",
    Permission.READ_CONSULTATION_NOTES: "чтение конфиденциальных записей консультаций",
    Permission.VIEW_GRADUATES: "просмотр сведений о выпускниках",
    Permission.EDIT_GRADUATES: "изменение сведений о выпускниках",
    Permission.VIEW_INDICATORS: "просмотр показателей",
    Permission.EDIT_INDICATORS: "ввод значений показателей",
    Permission.EXPORT: "выгрузка отчётов",
    Permission.EXPORT_PERSONAL_DATA: "выгрузка персональных данных",
    Permission.EDIT_CONSENT: "учёт согласий на обработку персональных данных",
    Permission.EDIT_SCHOOL: "изменение сведений об ОО и настроек",
    Permission.MANAGE_USERS: "управление учётными записями",
    Permission.VIEW_AUDIT: "просмотр журнала аудита",
    Permission.BACKUP: "резервное копирование",
    Permission.RESTORE: "восстановление из резервной копии",
    Permission.ANONYMIZE: "обезличивание данных",
    Permission.ROLLOVER: "переход на новый учебный год",
}

# Actions in the audit log («Журнал аудита»); an action without a label is shown by its code.
AUDIT_ACTION_LABELS: dict[str, str] = {
    "district_school.add": "добавлена школа муниципалитета", "municipality.create": "создана база муниципалитета",
    "municipality.regional_form": "заполнена форма региона", "municipality.report_load": "загружен отчёт школы",
    "municipality.summary_export": "сводка выгружена в Excel", "municipality.update": "изменены сведения о муниципалитете",
    "report.analysis": "аналитическая справка сохранена", "school.init": "создана база школы",
    "login.ok": "вход в программу",
    "login.failed": "неудачная попытка входа",
    "audit.triggers_restored": "восстановлена защита журнала аудита",
    "notes.key_created": "создан ключ записей консультаций",
    "notes.grant": "выдан доступ к записям консультаций",
    "notes.recover": "доступ к записям консультаций восстановлен по ключу",
    "retention.backups": "обезличены резервные копии",
    "logout": "выход / смена пользователя",
    "user.create_first_admin": "создан первый администратор",
    "user.create": "создана учётная запись",
    "user.update": "изменена учётная запись",
    "password.change": "смена своего пароля",
    "password.change_failed": "неудачная смена пароля",
    "password.reset": "пароль задан администратором",
    "consultation.view": "просмотр консультации",
    "consultation.create": "добавлена консультация",
    "consultation.update": "изменена консультация",
    "consultation.delete": "удалена консультация",
    "consultation_topic.create": "добавлена тема консультаций",
    "consent.received": "отмечены согласия",
    "consent.withdrawn": "отзыв согласия",
    "export.personal_data": "выгрузка персональных данных",
    "export.personal": "выгрузка персональных данных",
    "export.audit": "выгрузка журнала аудита",
    "retention.anonymise": "обезличивание данных",
    "school.update": "изменены сведения об ОО",
    "setting.update": "изменена настройка",
    "agreements.save": "сохранён договор с партнёром",
    "agreements.delete": "удалён договор с партнёром",
    "attendance.save": "сохранена отметка участия",
    "attendance.class_sheet": "загружен лист отметки класса",
    "backup.export": "резервная копия сохранена в файл",
    "backup.restore": "восстановление из резервной копии",
    "class.add": "добавлен класс",
    "class.edit": "изменён класс",
    "class.merge": "объединены классы",
    "clubs.save": "сохранён кружок / секция",
    "clubs.delete": "удалён кружок / секция",
    "clubs.members": "изменён состав кружка / секции",
    "demo.build": "создана демонстрационная школа",
    "event_types.save": "сохранён тип мероприятия",
    "events.create": "добавлено мероприятие",
    "events.update": "изменено мероприятие",
    "events.delete": "удалено мероприятие",
    "export.class_sheet": "выгрузка листа отметки класса",
    "export.sign_in_sheet": "выгрузка листа регистрации",
    "graduates.save": "изменены сведения о выпускниках",
    "graduates.import": "загружены сведения о выпускниках",
    "indicators.export_students": "выгрузка списка обучающихся по показателю",
    "indicators.manual_value": "введено значение показателя",
    "participation.import": "загружен журнал участия",
    "partners.save": "сохранён партнёр",
    "partners.delete": "удалён партнёр",
    "report.export": "выгрузка отчёта о показателях (Excel)",
    "report.fill_form": "заполнена форма отчёта министерства",
    "report.form_mapping": "сохранено сопоставление строк формы отчёта",
    "report.pdf": "выгрузка отчёта о показателях (PDF)",
    "roadmap.create": "создана дорожная карта",
    "roadmap.copy": "скопирована дорожная карта",
    "roadmap.update": "изменена дорожная карта",
    "roadmap.delete": "удалена дорожная карта",
    "roadmap.import": "загружена дорожная карта из файла",
    "roadmap.export": "дорожная карта сохранена в файл",
    "roadmap.print": "дорожная карта отправлена на печать",
    "roadmap.set_current": "выбрана действующая дорожная карта",
    "roadmap.item.add": "добавлено мероприятие дорожной карты",
    "roadmap.item.update": "изменено мероприятие дорожной карты",
    "roadmap.item.delete": "удалено мероприятие дорожной карты",
    "roadmap.item.move": "перемещено мероприятие дорожной карты",
    "roadmap.item.status": "изменена отметка о выполнении",
    "roadmap.section.add": "добавлен раздел дорожной карты",
    "roadmap.section.update": "изменён раздел дорожной карты",
    "roadmap.section.delete": "удалён раздел дорожной карты",
    "roadmap.section.move": "перемещён раздел дорожной карты",
    "staff.save": "сохранён сотрудник",
    "student.add": "добавлен обучающийся",
    "student.edit": "изменены сведения об обучающемся",
    "student.archive": "обучающийся переведён в выбывшие",
    "student.restore": "обучающийся возвращён из выбывших",
    "students.import": "загружен список обучающихся",
    "students.move": "обучающиеся переведены в другой класс",
    "year.add": "добавлен учебный год",
    "year.rollover": "переход на новый учебный год",
}

AUDIT_ENTITY_LABELS: dict[str, str] = {
    "district_school": "школа муниципалитета", "municipality": "муниципалитет", "school_report": "отчёт школы",
    "user": "учётная запись", "consultation": "консультация", "consultation_topic": "тема консультаций",
    "student": "обучающийся", "consent": "согласия", "school": "сведения об ОО", "setting": "настройка",
    "audit_log": "журнал аудита", "event": "мероприятие", "participation": "участие", "roadmap": "дорожная карта",
    "roadmap_item": "пункт дорожной карты", "staff": "сотрудник", "partner": "партнёр",
    "agreement": "договор", "club": "кружок / секция", "class": "класс", "report": "отчёт",
    "graduate_destination": "сведения о выпускниках", "backup": "резервная копия", "year": "учебный год",
    "event_type": "тип мероприятия", "roadmap_section": "раздел дорожной карты", "academic_year": "учебный год",
    "database": "база данных", "indicator": "показатель", "manual_indicator_value": "значение показателя",
    "report_form_mapping": "сопоставление формы отчёта", "school_class": "класс",
}


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("да" if value else "нет")


def target_state(met: bool | None, *, empty: str = "") -> str:
    """Whether an indicator's target (целевое значение) is met, in words."""
    return empty if met is None else ("достигнута" if met else "не достигнута")

# Agreements whose «действует до» falls within this many days are flagged as expiring (or expired).
AGREEMENT_EXPIRY_WARNING_DAYS = 60
AGREEMENT_STATE_LABELS = {"valid": "действует", "expiring": "истекает", "expired": "истёк", "open": "бессрочный"}

# The «Отметка» of an attendance sheet or a participation log, as people write it.
ATTENDANCE_MARK_WORDS: dict[str, str] = {
    "участвовал": "attended", "участвовала": "attended", "участвовали": "attended", "присутствовал": "attended",
    "присутствовала": "attended", "был": "attended", "была": "attended", "да": "attended", "+": "attended",
    "1": "attended", "х": "attended", "x": "attended", "v": "attended", "✓": "attended",
    "не явился": "absent", "не явилась": "absent", "не участвовал": "absent", "не участвовала": "absent",
    "отсутствовал": "absent", "отсутствовала": "absent", "нет": "absent", "н": "absent", "-": "absent",
    "0": "absent", "–": "absent", "—": "absent",
    "записан": "registered", "записана": "registered", "зарегистрирован": "registered",
}
COMPETITION_RESULT_WORDS: dict[str, str] = {
    "участник": "participant", "участница": "participant", "призер": "prize", "призерка": "prize",
    "победитель": "winner", "победительница": "winner",
}
ORGANIZER_TYPE_WORDS: dict[str, str] = {
    "школа": "school", "оо": "school", "сама школа": "school", "поо": "poo", "спо": "poo",
    "колледж": "poo", "техникум": "poo", "во": "vo", "вуз": "vo", "университет": "vo",
    "предприятие": "employer", "организация": "employer", "предприятие / организация": "employer",
    "работодатель": "employer", "цзн": "czn", "центр занятости": "czn", "центр занятости населения": "czn",
    "доп. образование": "dop", "доп образование": "dop", "дополнительное образование": "dop",
    "удо": "dop", "учреждение дополнительного образования": "dop", "другое": "other",
}
DESTINATION_WORDS: dict[str, str] = {
    "10 класс": "grade10", "10": "grade10", "10 кл": "grade10", "10 класс своей школы": "grade10",
    "поо": "poo", "спо": "poo", "колледж": "poo", "техникум": "poo", "во": "vo", "вуз": "vo",
    "университет": "vo", "институт": "vo", "работа": "work", "трудоустройство": "work", "армия": "army",
    "служба в армии": "army", "военная служба": "army", "другое": "other", "иное": "other",
}

# Why a backup copy was taken (the last part of its file name, see backups.py).
BACKUP_REASON_LABELS: dict[str, str] = {
    "start": "при запуске",
    "scheduled": "по расписанию",
    "close": "при закрытии",
    "manual": "вручную",
    "before-migration": "перед обновлением программы",
    "before-import": "перед загрузкой",
    "before-rollover": "перед переходом на новый учебный год",
    "before-anonymise": "перед обезличиванием",
    "before-demo": "перед созданием демонстрационной школы",
    "before-restore": "перед восстановлением",
}


def backup_reason_label(reason: str) -> str:
    return BACKUP_REASON_LABELS.get(reason, reason or "—")
