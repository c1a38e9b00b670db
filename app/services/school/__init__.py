"""The school itself: its details and settings, its staff, and the summary `info` shows."""
