"""Consultations (консультации): the meetings and their confidential notes."""
