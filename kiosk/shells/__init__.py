"""Page shells: a page rendered once with holes where each resident's values go.

A question page is the same bytes for every resident who sees it in the same language,
on the same kind of device, with the same display settings and the same questions
shown; only the values in its inputs, the step count, the back link, the CSRF token and
the footer's link back to the page differ. Rendering its templates cost about half of
the page's time (some sixty Jinja calls and escapes). `render` renders the page once
per such key with a `Slot` in place of each per-request value, keeps the result as a
`Shell` (literal text between numbered holes) and from then on fills the holes.

What keeps residents apart: a shell is rendered from the key and from slots only.

- Every value that differs between residents reaches the template as a `Slot`, which
  writes a placeholder (marked with the shell's own random mark, so that no text of a
  form's can pass for one) and refuses everything else (truth value, comparison,
  arithmetic, `str()`, attributes), so a template cannot branch on it or change it
  unnoticed.
- The page's WTForms form reaches it as a `ShellForm`: its fields give their ids, names
  and attributes (the same for everyone) and give values only as slots; asked anything
  else (a group's entries, uploaded files, a widget call) they refuse.
- While a shell is made, `session`, `request`, `g` and every template function not
  known to give the same under the key (`SAME_UNDER_KEY`; `url_for` reads the host)
  refuse, and the per-request functions (`csrf_token()`, `display_settings_url()`)
  give slots. Frame parts, kept by their own key, are rendered `outside_shell()`.
- The request that makes a shell also renders the page in full, and the shell is kept
  only if, filled with that request's values, it reads the same.

A refusal makes no shell: that key's pages are rendered by Jinja each time, as before.
So do pages with errors, pages at a kiosk, requests other than GET, and every page
while templates are reloaded on change (`TEMPLATES_AUTO_RELOAD`, debug). Slot fillers
are given the request's own values (`Shell.fill`), never the values of the request
that made the shell, and the tests compare both ways of rendering on every page of
every shipped form.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import Flask, current_app, g, render_template, request

from ..assets import rechecks
from ..display import display_class
from ..i18n import current_language
from .fields import ShellForm
from .slots import Filler, Probe, Shell, ShellRefused, Slot, attribute_if

__all__ = ["Same", "Shell", "ShellRefused", "Slot", "attribute_if", "outside_shell", "render"]

SHELLS_KEPT = 2_000  # a bound; then shells are made again as pages are asked for
_making: ContextVar[Probe | None] = ContextVar("kiosk_shell_probe", default=None)


def render(template: str, context: dict[str, Any], slots: dict[str, Any]) -> str:
    """`render_template(template, **context, **slots)`, from the page's shell when it has
    one. `context` is what a shell is kept by: plain values (strings, numbers, tuples of
    them), compared by value, and kept objects (a form definition, a page), compared by
    identity; `slots` hold the per-request values, a WTForms form among them. A page with
    `errors` in its context is rendered in full."""
    app = current_app._get_current_object()
    kept: dict[tuple, Shell | None] | None = app.extensions.get("kiosk.shells")
    if (
        kept is None
        or request.method != "GET"
        or context.get("errors")
        or g.get("kiosk_device") is not None
    ):
        return render_template(template, **context, **slots)
    key = (template, current_language(), request.script_root, display_class(), *_key_of(context))
    shell = kept.get(key, False)
    if shell is False:
        # The first request for a key makes the shell and checks it against the page
        # rendered in full: a template that changed or tested a slot in a way no
        # refusal caught is rendered in full from then on.
        shell = _make(app, template, context, slots)
        page = render_template(template, **context, **slots)
        if shell is not None and shell.fill(slots) != page:
            app.logger.warning("no page shell for %s: it read differently from the page", key)
            shell = None
        if len(kept) >= SHELLS_KEPT:
            kept.clear()
        kept[key] = shell
        return page
    if shell is None:
        return render_template(template, **context, **slots)
    return shell.fill(slots)


_BY_VALUE = (str, int, float, type(None), tuple, frozenset)


def _key_of(context: dict[str, Any]) -> tuple:
    return tuple(
        (name, value if isinstance(value, _BY_VALUE) else Same(value))
        for name, value in sorted(context.items())
        if name != "errors"  # empty here: a page with errors has no shell
    )


class Same:
    """A key part that is one object (a form definition), compared by identity: hashing
    a frozen definition would walk all of it on every request."""

    __slots__ = ("thing",)

    def __init__(self, thing) -> None:
        self.thing = thing  # held, so that its id is not reused while the key is kept

    def __hash__(self) -> int:
        return id(self.thing)

    def __eq__(self, other) -> bool:
        return isinstance(other, Same) and other.thing is self.thing


# What context processors give every page, and how a shell takes each: as it is (the
# same for everyone under the shell's key), or in a form that cannot leak. A processor
# not named here makes no shell until it is named.
KEYED_CONTEXT = frozenset(
    {
        "html_lang",  # the language is in the key
        "html_dir",
        "languages",
        "current_language",
        "kiosk_device",  # None: shells are not made at kiosks
        "kiosk_visit_started",
        "kiosk_warning_seconds",
    }
)


# Template globals a shell may call: they give the same for every request under the
# shell's key (the language, the mount point, the display settings are in it). Every
# other callable global, and `session`, `request` and `g`, refuse while a shell is made
# (`url_for` reads the request's host and blueprint), but for the `PER_REQUEST`
# functions, whose result becomes a slot.
SAME_UNDER_KEY = frozenset(
    {
        *("_", "gettext", "ngettext", "pgettext", "npgettext"),
        *("fixed_url", "asset_url", "branding_version", "frame_part", "display_class"),
        *("handler", "described_by", "condition_json", "applies_when", "attribute_if"),
        *("currency_symbol", "accept_attribute", "office_for", "form_catalog"),
        *("channel_name", "describe_event", "language_name"),
        *("range", "dict", "lipsum", "cycler", "joiner", "namespace"),  # Jinja's own
    }
)
GUARDED = frozenset({"session", "request", "g"})
PER_REQUEST = frozenset({"csrf_token", "display_settings_url"})


def _make(app: Flask, template: str, context: dict[str, Any], slots: dict[str, Any]):
    probe = Probe()
    processed: dict[str, Any] = {}
    app.update_template_context(processed)
    env = app.jinja_env
    # Anything else a processor gives is also a template global (request, csrf_token):
    # the shell takes the global, which refuses or gives a slot while a shell is made.
    per_request = processed.keys() - KEYED_CONTEXT
    if not per_request <= env.globals.keys():
        unknown = sorted(per_request - env.globals.keys())
        app.logger.warning("no page shells: context processors give %s", unknown)
        return None
    values = {name: processed[name] for name in processed.keys() & KEYED_CONTEXT}
    values.update({name: env.globals[name] for name in per_request})
    values.update(context)
    for name, value in slots.items():
        if hasattr(value, "_fields"):  # a WTForms form
            values[name] = ShellForm(value, probe, _item(name))
        else:
            values[name] = probe.slot(_item(name))
    token = _making.set(probe)
    try:
        return Shell(env.get_template(template).render(values), probe)
    except ShellRefused as refusal:
        app.logger.debug("no page shell for %s: %s", template, refusal)
    except Exception:  # a slot used in a way Python refused before we could (slot - 1)
        app.logger.warning("no page shell for %s", template, exc_info=True)
    finally:
        _making.reset(token)
    return None


@contextmanager
def outside_shell() -> Iterator[None]:
    """For a part kept by its own key (a frame part) rendered while a shell is made:
    the part may read what the shell may not."""
    token = _making.set(None)
    try:
        yield
    finally:
        _making.reset(token)


def _item(name: str) -> Filler:
    return lambda values: values[name]


class _Guarded:
    """A template global that refuses while a shell is made (macros imported without
    context see the environment's globals, not the page's context)."""

    __slots__ = ("_target",)

    def __init__(self, target) -> None:
        self._target = target

    def __getattr__(self, name: str):
        if _making.get() is not None:
            raise ShellRefused(f"a template read .{name} of the request while a shell was made")
        return getattr(self._target, name)

    def __bool__(self) -> bool:
        if _making.get() is not None:
            raise ShellRefused("a template read the request while a shell was made")
        return bool(self._target)

    def __getitem__(self, key):
        if _making.get() is not None:
            raise ShellRefused("a template read the request while a shell was made")
        return self._target[key]

    def __contains__(self, key) -> bool:
        if _making.get() is not None:
            raise ShellRefused("a template read the request while a shell was made")
        return key in self._target

    def __call__(self, *args, **kwargs):
        if _making.get() is not None:
            raise ShellRefused("a template called a per-request function while a shell was made")
        return self._target(*args, **kwargs)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["attribute_if"] = attribute_if
    if rechecks(app) or not app.config.get("PAGE_SHELLS", True):
        return  # edited templates show at once; every page is rendered in full
    app.extensions["kiosk.shells"] = {}
    env = app.jinja_env
    for name, value in list(env.globals.items()):
        if name in PER_REQUEST:
            env.globals[name] = _slot_while_making(value)
        elif name in GUARDED or (callable(value) and name not in SAME_UNDER_KEY):
            env.globals[name] = _Guarded(value)


def _slot_while_making(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, whose result is a slot while a shell is made."""

    @functools.wraps(function)
    def per_request(*args, **kwargs):
        probe = _making.get()
        if probe is None:
            return function(*args, **kwargs)
        return probe.slot(lambda values: function(*args, **kwargs))

    return per_request
