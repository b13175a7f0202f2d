"""The history of the database's rows in the custody ledger, and the check of rows against it.

Every create, change and delete of a record, a case, a membership or an account is a ledger
event with before and after values (`history`); `sprava verify` folds those events and compares
the rows the database holds with them (`audit`, shared among processes by `workers`); rows made
before events carried state can be taken as found, once, with a reason (`adoption`). It serves
every domain app, so it sits below them all; the apps say which of their tables it checks
(`sprava.records.audited`, `sprava.accounts.audited`).
"""
