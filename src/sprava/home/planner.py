"""Keeping the database's query planner informed about how big the tables have grown.

SQLite plans a query from statistics that only ANALYZE gathers; without them it guesses, and
for a list of a million acts sorted by date it guessed a full sort (seconds) instead of walking
the date index (a millisecond). PostgreSQL's autovacuum analyses on its own, but only after a
while: after a bulk load the figures are stale until then.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connection

log = logging.getLogger(__name__)

# A bulk change of this many rows or more refreshes the statistics at once.
BULK_ROWS = 1000


def refresh_statistics() -> None:
    """Gather fresh statistics for every table (a few seconds for a million rows)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def refresh_in_background() -> threading.Thread:
    """Refresh on a thread of its own (at server start), so the server answers meanwhile.

    The thread's connection is closed at the end: no request cycle will ever close it.
    """

    def work() -> None:
        try:
            refresh_statistics()
        except DatabaseError:
            # Stale statistics make pages slower, never wrong: say so and serve on.
            log.exception("could not refresh the database statistics")
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="sprava-analyze", daemon=True)
    thread.start()
    return thread
