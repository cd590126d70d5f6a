"""The HTTP API: `create_app()` (app.py), settings (settings.py), authentication (auth.py),
one error format (errors.py), routers one per module (routers/)."""
