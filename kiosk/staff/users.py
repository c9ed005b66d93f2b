"""Admins manage back-office accounts: create, change role, deactivate, unlock, reset."""

from __future__ import annotations

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..messages import N_
from ..models import StaffUser
from ..services import clock, staff
from . import bp
from .views import audit, staff_required

DONE = {
    "created": N_("The account was created. Give its owner the password in person."),
    "role": N_("The role was changed."),
    "deactivated": N_("The account was deactivated: it can no longer sign in."),
    "reactivated": N_("The account was reactivated."),
    "unlocked": N_("The account was unlocked."),
    "password": N_("The password was changed. Give it to its owner in person."),
}


PROBLEMS = {
    "self": N_("You cannot take away your own access"),
    "last-admin": N_("There must be at least one active administrator"),
    "password": N_("The password must be at least %(count)s characters"),
    "role": N_("Choose clerk or admin"),
}


def _user_or_404(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@staff_required(role="admin")
def users_page():
    return render_template(
        "staff/users.html",
        users=staff.list_users(db.session),
        role_names=staff.ROLE_NAMES,
        done=DONE.get(request.args.get("done", "")),
        problem=PROBLEMS.get(request.args.get("problem", "")),
        min_password=staff.MIN_PASSWORD_LENGTH,
        problem_user=request.args.get("user", type=int),
        now=clock.now(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@staff_required(role="admin")
def new_user():
    values = {"name": "", "email": "", "role": "clerk"}
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        values = {key: request.form.get(key, "")[:200] for key in values}
        try:
            user = staff.create_user(
                db.session,
                email=values["email"],
                name=values["name"],
                role=values["role"],
                password=request.form.get("password", ""),
                now=clock.now(),
            )
        except staff.StaffError as error:
            errors = [(_field_of(error), _(error.message, **error.params))]
        else:
            audit("user-create", email=user.email, role=user.role)
            return redirect(url_for(".users_page", done="created"))
    return render_template(
        "staff/user_new.html",
        values=values,
        errors=errors,
        min_password=staff.MIN_PASSWORD_LENGTH,
    ), (400 if errors else 200)


def _field_of(error: staff.StaffError) -> str:
    if "password" in error.message:
        return "password"
    if "clerk or admin" in error.message:
        return "role-clerk"
    return "email"


# Account actions: the service that does each, whether it takes a value from the form,
# and what the list says afterwards.
ACTIONS = {
    "role": (staff.change_role, "role", "role"),
    "deactivate": (staff.deactivate, None, "deactivated"),
    "reactivate": (staff.reactivate, None, "reactivated"),
    "unlock": (staff.unlock, None, "unlocked"),
    "password": (staff.reset_password, "password", "password"),
}


@bp.post("/users/<int:user_id>/<any(role, deactivate, reactivate, unlock, password):action>")
@staff_required(role="admin")
def change_user(user_id: int, action: str):
    user = _user_or_404(user_id)
    change, field, done = ACTIONS[action]
    values = (request.form.get(field, ""),) if field else ()
    try:
        change(db.session, user, *values, by=g.staff_user, now=clock.now())
    except staff.StaffError as error:
        code = next((key for key, text in PROBLEMS.items() if text == error.message), "role")
        return redirect(url_for(".users_page", problem=code, user=user.id))
    return redirect(url_for(".users_page", done=done))
