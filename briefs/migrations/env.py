"""Alembic environment: runs on the connection `briefs.store.engine.connect` hands over, or on BRIEFS_DATABASE_URL."""

from alembic import context
from sqlalchemy import create_engine

from briefs.store.tables import Base

target_metadata = Base.metadata


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:  # the alembic command line (autogenerate)
    from briefs.config import get_settings
    from briefs.store.engine import default_database_url

    with create_engine(get_settings().database_url or default_database_url()).connect() as fresh:
        run_on(fresh)
        fresh.commit()
