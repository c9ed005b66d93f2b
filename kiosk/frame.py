"""The page frame's fixed parts, rendered once per language and kind of device.

Every public page opens with the same header (agency, language switcher, at a kiosk the
button that clears the answers) and the same links to the stylesheets, and ends with
the same footer links: for one language, one kind of device (a resident's own or a
kiosk) and one mount point they are the same bytes on every page, yet rendering them
cost about a tenth of a millisecond of a question page's Jinja. `frame_part` renders
each part once per (part, language, kiosk or not, mount point) and keeps it.

A frame part is therefore given only what its key names: `current_language`,
`languages` (the switcher's entries), `at_kiosk`, the few `options` a page passes (such
as which "Finish" button a kiosk header shows), and the environment's globals
(`_`, `url_for`, `asset_url`, `config`). It must not read the session, the request's
address or anything of the resident's; what differs per page (the title, the body's
display settings, the footer's "Display settings" link back to the page) stays in
`base.html`. With `TEMPLATES_AUTO_RELOAD` or debug on, parts are rendered on every
page, so an edited part shows at once.
"""

from __future__ import annotations

from flask import Flask, g, request
from markupsafe import Markup

from .assets import rechecks
from .i18n import available_languages, current_language, language_menu
from .shells import outside_shell

PARTS_KEPT = 1_000  # a bound, should a proxy send many mount points; then rendered anew


def init_app(app: Flask) -> None:
    kept: dict[tuple, Markup] = {}
    recheck = rechecks(app)

    def frame_part(name: str, **options) -> Markup:
        at_kiosk = g.get("kiosk_device") is not None
        language = current_language()
        key = (name, language, at_kiosk, request.script_root, *sorted(options.items()))
        part = kept.get(key)
        if part is None or recheck:
            if len(kept) >= PARTS_KEPT:
                kept.clear()
            context = {
                "current_language": language,
                "languages": language_menu(available_languages()),
                "at_kiosk": at_kiosk,
                **options,
            }
            with outside_shell():  # kept by its own key, which a page shell's includes
                part = kept[key] = Markup(app.jinja_env.get_template(name).render(context))
        return part

    app.jinja_env.globals["frame_part"] = frame_part
