"""Pages of the legal layer: an act's legal analysis, a case's charges, jurisdiction per venue."""
