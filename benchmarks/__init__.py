"""Sprava's benchmarks (issue 2, section 6): run `python -m benchmarks`, see README.md here."""
