"""The unit of work: one transaction per request or job, and the only place in the application that commits.

Why one place: a change is either whole or absent. The Idempotency-Key is reserved inside the same transaction
as the work it guards (see `idempotency.reserve`), so a crash before the commit leaves neither the work nor the key.
What the unit's reads and steps disclosed (`Context.disclose`) is written to the access log in that same commit;
the stored files whose rows it deleted are removed after it (`Context.remove_file_after_commit`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from postal_service.config import Settings
from postal_service.context import ANONYMOUS, DISCLOSURES, REMOVALS, Actor, Context, Disclosure
from postal_service.db.tables import AccessLog, Evidence
from postal_service.domain.errors import Conflict, DomainError

log = logging.getLogger(__name__)


@contextmanager
def unit_of_work(
    engine: Engine, settings: Settings, actor: Actor = ANONYMOUS, now: datetime | None = None
) -> Iterator[Context]:
    """Yield the use-case context; commit once when the block ends, roll back on any error.

    A refusal that must leave a trace (a wrong citizen code counts as a try) raises a DomainError with
    `keep_changes`: its changes are committed before the error travels on.
    """
    session = Session(engine, expire_on_commit=False)
    ctx = Context(session, settings, actor, now or datetime.now(UTC))
    try:
        yield ctx
        if ctx.discarded:
            session.rollback()
        else:
            _commit(ctx)
    except DomainError as error:
        if error.keep_changes:
            _commit(ctx)
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _commit(ctx: Context) -> None:
    """A lost race on a unique key (the event sequence, a serial) becomes a 409, not a 500."""
    session = ctx.session
    _log_disclosures(session)
    try:
        session.commit()
    except IntegrityError as error:
        session.rollback()
        session.info.pop(REMOVALS, None)
        raise Conflict("someone else changed this at the same moment; reload and try again") from error
    _remove_files(ctx)


def _remove_files(ctx: Context) -> None:
    """The files whose rows this unit deleted, unless the same bytes were stored again meanwhile (a new row). The
    work is committed: a store that fails here is logged for the operator, never turned into an error answer."""
    digests = set(ctx.session.info.pop(REMOVALS, []))
    if digests:
        kept = set(ctx.session.exec(select(Evidence.digest).where(col(Evidence.digest).in_(digests))).all())
        ctx.session.rollback()  # the check's own transaction ends here
        for digest in digests - kept:
            try:
                ctx.files.remove(digest)
            except OSError as error:
                log.error("the stored file %s outlived its row and must be removed by hand: %s", digest, error)


def _log_disclosures(session: Session) -> None:
    """Every disclosure of this unit becomes a line of the access log, in the order it was made."""
    disclosures: list[Disclosure] = session.info.pop(DISCLOSURES, [])
    if disclosures:  # one statement for all (a worklist discloses every request on it)
        session.execute(insert(AccessLog), [asdict(d) for d in disclosures])
