"""Attack samples and sample files for the evidence tests, kept as data (sigstore's habit)."""
