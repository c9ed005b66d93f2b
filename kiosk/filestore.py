"""The app's file store: the one the settings name (a local folder by default, or S3).

Views, jobs and commands all take it from here."""

from __future__ import annotations

from flask import current_app

from .services.storage import Storage, storage_from_config


def storage() -> Storage:
    return storage_from_config(current_app.config)
