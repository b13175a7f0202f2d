"""The JSON API under /api/v1/: every record type, token authentication, OpenAPI document.

Views are thin: they resolve what a request names (404 for what the token's user may not see),
ask `sprava.accounts.permissions`, and call the domain functions of `sprava.records.services`
with the actor `api:<username>`, the same functions the pages and the command line call.
Each record type is one declaration (`crud.RecordType`) from which `crud.register` makes its
list, create, one, change and delete endpoints, and `evidence.register` its evidence links.

The modules here do not use `from __future__ import annotations`: django-ninja (and its
`PatchDict`) read the annotations of schemas and views as objects when the routes are built.
"""
