"""What each audit-log action means, in words an administrator reads.

The audit log records a code and its details (`status-change`, `{"from_": "received",
"to": "in_review"}`); the audit log page says "Changed the status from Received to In
review" in the administrator's language. Every action Kiosk records is named here (a
test looks for `audit(…, "code"` calls that are not); an unknown code, e.g. from a
newer release's database, is shown as it is with its details.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from kiosk.messages import N_

from .delivery import CHANNELS as DELIVERY_CHANNELS
from .staff import ROLE_NAMES
from .workflow import STATUSES

ACTIONS = {
    "sign-in": N_("Signed in"),
    "sign-in-failed": N_("Could not sign in (wrong password)"),
    "sign-out": N_("Signed out"),
    "view": N_("Opened the submission"),
    "print": N_("Printed the PDF"),
    "export": N_("Exported the inbox as a spreadsheet (CSV)"),
    "insights-export": N_("Exported the insights as a spreadsheet (CSV)"),
    "status-change": N_("Changed the status from %(from_)s to %(to)s"),
    "note": N_("Added a note"),
    "document-requested": N_("Asked the resident for a document: %(document)s"),
    "document-code": N_("Made a new code for the resident's document request"),
    "document-provided": N_("The resident provided a document: %(document)s"),
    "pdf-again": N_("Made the PDF again"),
    "delivery-retry": N_("Sent a delivery again: %(channel)s"),
    "user-create": N_("Added the account %(email)s (%(role)s)"),
    "user-role": N_("Changed the role of %(email)s to %(role)s"),
    "user-deactivate": N_("Deactivated the account %(email)s"),
    "user-reactivate": N_("Reactivated the account %(email)s"),
    "user-unlock": N_("Unlocked the account %(email)s"),
    "user-password-reset": N_("Reset the password of %(email)s"),
    "kiosk-create": N_("Added the kiosk %(kiosk)s"),
    "kiosk-change": N_("Changed the settings of the kiosk %(kiosk)s"),
    "kiosk-enrollment": N_("Made a new enrollment link for the kiosk %(kiosk)s"),
    "kiosk-launcher-key": N_("Made a new launcher key for the kiosk %(kiosk)s"),
    "kiosk-revoke": N_("Revoked the kiosk %(kiosk)s"),
    "retention-delete": N_("Deleted %(reference)s at the end of its retention period"),
}

# Who did it, for the actions no member of staff does.
ACTORS = {
    "document-provided": N_("The resident"),
    "retention-delete": N_("Automatic"),
}

PLACEHOLDER = re.compile(r"%\((\w+)\)s")

ISOLATED = Markup("<bdi>%s</bdi>")

DOWNLOADED_PDF = N_("Downloaded the PDF")
DOWNLOADED_FILE = N_("Downloaded the file %(file)s")

# Details whose stored codes have names to translate.
NAMED_VALUES: dict[str, Mapping[str, str]] = {
    "from_": STATUSES,
    "to": STATUSES,
    "role": ROLE_NAMES,
    "channel": DELIVERY_CHANNELS,
}


@dataclass(frozen=True)
class Description:
    """An event in words; `rest` holds details the words do not say (e.g. filters)."""

    text: Markup
    rest: dict[str, Any] = field(default_factory=dict)
    actor: str = ""  # who did it, when no member of staff did


def describe(
    action: str, detail: Mapping[str, Any] | None, gettext: Callable[..., str]
) -> Description:
    """`action` with its `detail` as a sentence in the language `gettext` translates to
    (markup: the translation is trusted, the details are escaped and isolated)."""
    detail = dict(detail or {})
    if action == "download":
        message = DOWNLOADED_PDF if detail.get("file") == "pdf" else DOWNLOADED_FILE
    elif action in ACTIONS:
        message = ACTIONS[action]
    else:
        return Description(Markup.escape(action), detail)
    said = set(PLACEHOLDER.findall(message))
    shown = {key: _said(key, detail[key], gettext) for key in said if key in detail}
    text = Markup(gettext(message)) % {key: shown.get(key, "") for key in said}
    if action == "download":
        said.add("file")  # "Downloaded the PDF" says it too
    rest = {key: value for key, value in detail.items() if key not in said}
    rest.update(rest.pop("filters", None) or {})  # an export's filters, one by one
    actor = gettext(ACTORS[action]) if action in ACTORS else ""
    return Description(text, {key: value for key, value in rest.items() if value}, actor)


def _said(key: str, value: Any, gettext: Callable[..., str]) -> Markup | str:
    """A detail as its sentence shows it: a stored code by its translated name; what
    people typed escaped and isolated, so an email in an Arabic sentence keeps its order."""
    if key in NAMED_VALUES and isinstance(value, str):
        return gettext(NAMED_VALUES[key].get(value, value))
    return ISOLATED % value
