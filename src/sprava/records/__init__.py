"""Who did what to whom: cases, incidents, acts, people, units, places, testimonies, consent."""
