"""Pages of responsibility up the chain: the superiors of a case, and the command section of a
person's page (`person`), over `sprava.analysis.command` and `sprava.analysis.superiors`."""
