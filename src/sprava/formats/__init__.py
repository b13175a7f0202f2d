"""Date formats Django lacks or gets wrong for the interface languages (FORMAT_MODULE_PATH).

Django ships no Belarusian formats (a Belarusian page fell back to "N j, Y": "Жні. 3, 2020"),
and its Russian day-and-month format names the month in the nominative ("3 Август"). A module
here needs only the formats it changes: Django reads the rest from its own.
"""
