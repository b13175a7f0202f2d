"""Pages of the analyses (`sprava.analysis`): the contextual element of a case."""
