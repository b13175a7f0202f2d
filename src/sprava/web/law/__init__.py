"""Pages of the legal layer: jurisdiction per venue for a case."""
