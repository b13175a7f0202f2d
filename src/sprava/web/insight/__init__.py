"""Pages that look across records: search, and a case's dashboard (counts, timeline, map)."""
