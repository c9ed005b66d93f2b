"""The per-request options every form of a page shares: translations, locale and date.

A view hands them to the page's form; sub-forms (an address's lines, a group's items)
are made by WTForms without them, so `SharedMetaFormField` passes them down.
"""

from __future__ import annotations

import datetime as dt

from wtforms import FormField
from wtforms.utils import unset_value


class KioskMeta:
    """Meta options a view passes per request: translations, locale and today's date."""

    translations = None
    locale = "en"
    today: dt.date | None = None

    def get_translations(self, form):
        return self.translations


def shared_meta(meta) -> dict:
    return {
        "translations": getattr(meta, "translations", None),
        "locale": getattr(meta, "locale", "en"),
        "today": getattr(meta, "today", None),
    }


class SharedMetaFormField(FormField):
    """A FormField whose sub-form translates, formats and dates like its page."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        if extra_filters:
            raise TypeError("a sub-form takes no filters")
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
            self._obj = data
        self.object_data = data
        meta = {**shared_meta(self.meta), "_parent_form": self._form}
        prefix = self.name + self.separator
        if isinstance(data, dict):
            self.form = self.form_class(formdata=formdata, prefix=prefix, meta=meta, **data)
        else:
            self.form = self.form_class(formdata=formdata, obj=data, prefix=prefix, meta=meta)
