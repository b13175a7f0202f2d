"""Server-rendered pages: thin views over the evidence and ledger domain functions."""
