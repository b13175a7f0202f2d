"""The legal layer's pages and blocks (`sprava.law`)."""
