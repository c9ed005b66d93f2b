"""Where a resident is in a form: which pages apply, the step number, what is left.

Pages come and go with the answers (`show_if`), so every question here is answered
from the definition and the answers given so far, never from stored positions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.formdefs import FormDefinition, Page


@dataclass(frozen=True)
class Journey:
    form: FormDefinition
    answers: Mapping[str, Any]
    completed: frozenset[str]
    today: dt.date | None = None

    @property
    def pages(self) -> list[Page]:
        return self.form.visible_pages(self.answers, self.today)

    def is_visible(self, page: Page) -> bool:
        return page.is_shown(self.answers, self.today)

    @property
    def has_documents_step(self) -> bool:
        """Whether any document applies, so that the upload step follows the questions."""
        return bool(self.form.applicable_documents(self.answers, self.today))

    @property
    def steps(self) -> int:
        return len(self.pages) + (1 if self.has_documents_step else 0)

    def step(self, page: Page) -> tuple[int, int]:
        """`(number, total)` for "Step 2 of 5"; the upload step, if any, is the last."""
        ids = [p.id for p in self.pages]
        number = ids.index(page.id) + 1 if page.id in ids else 1
        return number, self.steps

    def documents_step(self) -> tuple[int, int]:
        return self.steps, self.steps

    def last_page(self) -> Page | None:
        pages = self.pages
        return pages[-1] if pages else None

    def next_page(self, page: Page) -> Page | None:
        """The next page that applies after `page`, or None when it is the last."""
        after = False
        for candidate in self.form.pages:
            if after and self.is_visible(candidate):
                return candidate
            after = after or candidate.id == page.id
        return None

    def previous_page(self, page: Page) -> Page | None:
        previous = None
        for candidate in self.form.pages:
            if candidate.id == page.id:
                return previous
            if self.is_visible(candidate):
                previous = candidate
        return previous

    def first_unfinished(self) -> Page | None:
        """The first page that applies and is not yet completely answered."""
        for page in self.pages:
            if page.id not in self.completed or self.form.missing_required(
                page, self.answers, self.today
            ):
                return page
        return None

    @property
    def is_complete(self) -> bool:
        return self.first_unfinished() is None
