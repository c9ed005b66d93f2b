"""The app's catalog of form definitions: loaded once per process, on first use.

Loading lazily lets `flask forms check` report broken definitions instead of failing
to start; `make run` checks the forms before it serves them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, abort, current_app

from .formdefs import FormCatalog, FormDefinition, load_catalog

_lock = threading.Lock()


def init_app(app: Flask) -> None:
    app.extensions["kiosk.forms"] = None
    app.jinja_env.globals["form_catalog"] = forms


def forms() -> FormCatalog:
    catalog = current_app.extensions.get("kiosk.forms")
    if catalog is None:
        with _lock:
            catalog = current_app.extensions.get("kiosk.forms")
            if catalog is None:
                catalog = load_catalog(Path(current_app.config["FORMS_FOLDER"]))
                current_app.extensions["kiosk.forms"] = catalog
    return catalog


def form_or_404(slug: str) -> FormDefinition:
    form = forms().get(slug)
    if form is None:
        abort(404)
    return form
