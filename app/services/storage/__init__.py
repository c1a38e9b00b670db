"""Where the data lives and how it is kept: the database, migrations, backups, restore, integrity checks,
the instance lock and where a database may live."""
