"""The evidence pages: the list of items, an item, upload, download and linking."""
