"""Where an application was filled in: at home (any browser, any device) or at one of
the office's enrolled kiosks. Drafts, submissions, events and survey answers record the
code; staff pages and the office's emails show its name."""

from __future__ import annotations

from kiosk.messages import N_

NAMES = {"home": N_("Home"), "kiosk": N_("Kiosk")}


def name(code: str) -> str:
    """The channel's name, to translate (an unknown code is shown as it is)."""
    return NAMES.get(code, code)
