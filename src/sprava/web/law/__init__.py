"""The legal layer's pages and blocks (`sprava.law`): an act's legal analysis and what rules
propose for it, a case's charges, jurisdiction per venue."""
