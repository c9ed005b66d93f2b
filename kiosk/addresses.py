"""The addresses of Kiosk's pages as people reach them from outside: in emails, QR
codes and PDFs. Built from `PUBLIC_URL` and the app's own routes, so they work in the
job worker (which has no request) as in a view, and follow the routes if they move."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app


def external_url(endpoint: str, *, app: Flask | None = None, **values) -> str:
    """`https://city.example/status` for "public.status"; other values than the route's
    go in the query string."""
    app = app or current_app
    public = urlsplit(app.config["PUBLIC_URL"])
    adapter = app.url_map.bind(
        public.netloc, script_name=public.path.rstrip("/") or "/", url_scheme=public.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
