"""Who the users are and what is kept about people: accounts and sign-in, parents' consent, the audit log,
and retention (anonymising past leavers). The roles and permissions themselves are shared vocabulary (app.services.access)."""
