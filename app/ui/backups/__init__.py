"""Резервные копии: the settings tab, the damaged-database dialog at start, and the backup schedule."""
