"""Accounts in the windows: login, switching user, idle lock, and the settings tabs of users, audit, consent and password."""
