"""Attack inputs shared by the tests of several front ends, kept as data."""
