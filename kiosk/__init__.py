"""Kiosk: accessible, multilingual web forms and self-service kiosks for public offices."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import paths


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config` overrides every other source (used by tests)."""
    instance_path = (config or {}).get("INSTANCE_PATH") or str(paths.INSTANCE)
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(paths.TEMPLATES),
        static_folder=str(paths.STATIC),
    )
    from .config import load_config
    from .templating import PageEnvironment

    app.jinja_environment = PageEnvironment

    load_config(app, config)

    from .extensions import babel, csrf, db
    from .i18n import request_locale

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=request_locale,
        default_translation_directories=app.config["TRANSLATIONS_FOLDER"],
    )

    from . import (
        agency,
        api,
        assets,
        catalog,
        cli,
        display,
        frame,
        i18n,
        public,
        security,
        shells,
        staff,
        templating,
        terminal,
    )

    agency.init_app(app)
    assets.init_app(app)
    catalog.init_app(app)
    display.init_app(app)
    frame.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(terminal.bp)
    terminal.device.init_app(app)
    shells.init_app(app)  # last: it guards the template globals the others define
    cli.init_app(app)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Behind a reverse proxy: take the client's address and scheme from its headers,
        # so that sign-in rate limits count people, not the proxy.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app
