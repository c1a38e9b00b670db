"""Events and what happened at them: the event log, attendance, the participation-log import, class-teacher
sheets, partners, clubs and graduates."""
