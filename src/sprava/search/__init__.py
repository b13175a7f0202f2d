"""Search across records: a full-text index the database keeps, and the functions that query it.

- `sprava.search.index`: the index (SQLite FTS5 tables with triggers, PostgreSQL GIN indexes).
- `sprava.search.query`: a typed query as words, folded name keys and SQL.
- `sprava.search.engine`: `find(user, query, kind)`, with the permission rules.
- `sprava.search.snippets`: the marked excerpt a result shows.
- `sprava.search.figures`: the figures of a case dashboard (counts, months, places).

Nothing is imported here: this package is also a Django app, loaded before the models are.
"""
