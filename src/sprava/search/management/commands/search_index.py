"""`sprava manage search_index [--check | --rebuild]`: look after the full-text index.

Without options: create or repair what is missing (as every `migrate` does) and say what was
done. `--check` changes nothing and fails when the index is incomplete or, on SQLite, disagrees
with the records. `--rebuild` reads every record into the index again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from sprava.search import index


class Command(BaseCommand):
    help = "Check, repair or rebuild the full-text search index."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--check", action="store_true", help="report problems, change nothing")
        group.add_argument("--rebuild", action="store_true", help="index every record again")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if options["check"]:
            problems = index.verify(connection)
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                raise CommandError("the search index needs repair: sprava manage search_index")
            self.stdout.write("The search index is whole.")
            return
        with transaction.atomic(using=connection.alias):
            done = index.install(connection)
            if options["rebuild"]:
                index.rebuild(connection)
                done.append("every record read into the index again")
        for line in done or ["Nothing to do: the search index is whole."]:
            self.stdout.write(line)
