"""The roadmap (дорожная карта): model operations, parsing and importing Word/Excel roadmaps, drafts and
built-in templates, deadlines, printing."""
