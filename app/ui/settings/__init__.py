"""Настройки: the school's details and the program's settings, one tab each."""
