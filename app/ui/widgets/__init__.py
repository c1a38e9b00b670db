"""Widgets and models shared by several pages."""
