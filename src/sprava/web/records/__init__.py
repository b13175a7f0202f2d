"""Pages of the documentation records: lists, details and forms, written once for every kind.

Each kind of record is described by a small declarative `Kind` (see `kinds.py` and the modules
under `config/`); `views.py` turns any kind into its list, detail, create, edit and delete pages.
"""
