"""Persistence: SQLModel tables (the only place with table=True), engine, migrations, read-side queries."""
