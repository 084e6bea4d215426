"""The REST API's foundation: token authentication, scopes, centre scoping, throttling, errors,
pagination, conditional reads, idempotent writes and the call log. Endpoints live in each app's
`api/` package; `centres/api/urls.py` collects their routes under /api/v1/."""
