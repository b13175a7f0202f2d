"""Figures computed from records: the contextual element (widespread, systematic), patterns,
the command structure at a date. Nothing here is typed in by hand; every figure can name the
records behind it.
"""
