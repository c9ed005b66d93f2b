"""Admins enroll and revoke the office's kiosk devices."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..addresses import external_url
from ..extensions import db
from ..models import KioskDevice
from ..services import clock, terminals
from . import bp
from .views import audit, staff_required


def _device_or_404(device_id: int) -> KioskDevice:
    device = db.session.get(KioskDevice, device_id)
    if device is None:
        abort(404)
    return device


def _show_link_once(device: KioskDevice, token: str) -> None:
    session["enrollment_link"] = {
        "device": device.id,
        "link": external_url("terminal.enroll", token=token),
    }


SETTINGS = ("name", "office", "default_language", "idle_seconds", "keyboard")


def _settings_posted() -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The kiosk settings form as posted, and what is wrong with it (field, message)."""
    values = {key: request.form.get(key, "")[:200] for key in SETTINGS}
    idle = request.form.get("idle_seconds", type=int)
    errors = []
    if not values["name"].strip():
        errors.append(("name", _("Enter a name for the kiosk, like “Lobby, left”")))
    if not values["office"].strip():
        errors.append(("office", _("Enter the office where the kiosk stands")))
    if idle is None or not terminals.MIN_IDLE_SECONDS <= idle <= 3600:
        errors.append(
            (
                "idle_seconds",
                _(
                    "Enter a number of seconds from %(least)s to 3600",
                    least=terminals.MIN_IDLE_SECONDS,
                ),
            )
        )
    languages = current_app.config["LANGUAGES"]
    if values["default_language"] not in languages:
        values["default_language"] = languages[0]
    return values, errors


def _settings_of(values: dict[str, str]) -> dict:
    return {
        "name": values["name"],
        "office": values["office"],
        "default_language": values["default_language"],
        "idle_seconds": int(values["idle_seconds"]),
        "keyboard": values["keyboard"] == "on",
    }


@bp.route("/kiosks", methods=["GET", "POST"])
@staff_required(role="admin")
def kiosks_page():
    values = {
        "name": "",
        "office": current_app.config["AGENCY_NAME"],
        "default_language": current_app.config["OFFICE_LANGUAGE"],
        "idle_seconds": str(terminals.DEFAULT_IDLE_SECONDS),
        "keyboard": "on",
    }
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        values, errors = _settings_posted()
        if not errors:
            created = terminals.create_device(db.session, **_settings_of(values), now=clock.now())
            audit("kiosk-create", kiosk=created.device.name)
            _show_link_once(created.device, created.enrollment_token)
            return redirect(url_for(".kiosks_page") + "#enrollment-link")
    return render_template(
        "staff/kiosks.html",
        devices=terminals.devices(db.session),
        values=values,
        errors=errors,
        link=session.pop("enrollment_link", None),
        launcher=session.pop("launcher_key", None),
        changed=session.pop("kiosk_changed", None),
        now=clock.now(),
    ), (400 if errors else 200)


@bp.route("/kiosks/<int:device_id>/settings", methods=["GET", "POST"])
@staff_required(role="admin")
def kiosk_settings(device_id: int):
    """Change an enrolled kiosk's name, office, language, idle time or keyboard: the
    screen shows them from its next page on, without a new enrollment."""
    device = _device_or_404(device_id)
    values = {
        "name": device.name,
        "office": device.office,
        "default_language": device.default_language,
        "idle_seconds": str(device.idle_seconds),
        "keyboard": "on" if device.keyboard else "",
    }
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        values, errors = _settings_posted()
        if not errors:
            terminals.change_device(db.session, device, **_settings_of(values))
            audit("kiosk-change", kiosk=device.name)
            session["kiosk_changed"] = device.name
            return redirect(url_for(".kiosks_page"))
    return render_template(
        "staff/kiosk_settings.html", device=device, values=values, errors=errors
    ), (400 if errors else 200)


@bp.post("/kiosks/<int:device_id>/enrollment")
@staff_required(role="admin")
def new_enrollment(device_id: int):
    device = _device_or_404(device_id)
    token = terminals.new_enrollment(db.session, device, clock.now())
    audit("kiosk-enrollment", kiosk=device.name)
    _show_link_once(device, token)
    return redirect(url_for(".kiosks_page") + "#enrollment-link")


@bp.post("/kiosks/<int:device_id>/launcher-key")
@staff_required(role="admin")
def launcher_key(device_id: int):
    """Enroll the device for the launcher script: its key, to put in the key file.

    Any browser enrolled before for this device stops working: there is one key."""
    device = _device_or_404(device_id)
    key = terminals.enroll(db.session, device, clock.now())
    audit("kiosk-launcher-key", kiosk=device.name)
    session["launcher_key"] = {"device": device.id, "value": f"{device.id}:{key}"}
    return redirect(url_for(".kiosks_page") + "#launcher-key")


@bp.post("/kiosks/<int:device_id>/revoke")
@staff_required(role="admin")
def revoke_kiosk(device_id: int):
    device = _device_or_404(device_id)
    terminals.revoke(db.session, device, clock.now())
    audit("kiosk-revoke", kiosk=device.name)
    return redirect(url_for(".kiosks_page"))
