"""When a revealed question applies, in words, for pages read without JavaScript.

With JavaScript a question such as "Your postal address" appears only once "By post" is
chosen. Without it the page carries every such question; each then says when it applies
("Answer this only if your answer to “How should we reply?” is “By post”."), so that a
resident who chose email knows to leave it.
"""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from babel.lists import format_list

from kiosk.formdefs import Field, Page
from kiosk.formdefs.conditions import Comparison, FieldRef
from kiosk.messages import N_

IS = N_("Answer this only if your answer to “%(question)s” is %(answers)s.")
IS_NOT = N_("Answer this only if your answer to “%(question)s” is not %(answers)s.")
ANSWERED = N_("Answer this only if you answered “%(question)s”.")
DEPENDS = N_("Answer this only if it applies to you: it depends on your answer to “%(question)s”.")
QUOTED = N_("“%(answer)s”")


def applies_when(
    question: Field, page: Page, gettext: Callable[[str], str], locale: Locale | str
) -> str | None:
    """The sentence for `question`, revealed by an answer on `page`; None if it has none."""
    condition = question.show_if
    if condition is None:
        return None
    here = {field.id: field for field in page.fields}
    asked = [here[ref] for ref in condition.field_refs() if ref in here]
    if not asked:
        return None
    about = asked[0]
    name = gettext(about.label)
    if isinstance(condition, Comparison) and not isinstance(condition.value, FieldRef):
        if condition.op == "answered" and condition.value:
            return gettext(ANSWERED) % {"question": name}
        if condition.op in ("equals", "one_of", "not_equals"):
            values = condition.value if condition.op == "one_of" else [condition.value]
            quoted = [gettext(QUOTED) % {"answer": _answer(about, v, gettext)} for v in values]
            answers = format_list(quoted, style="or", locale=locale)
            sentence = IS_NOT if condition.op == "not_equals" else IS
            return gettext(sentence) % {"question": name, "answers": answers}
    return gettext(DEPENDS) % {"question": name}


def _answer(question: Field, value, gettext: Callable[[str], str]) -> str:
    if question.type == "yesno":
        return gettext("Yes") if value in ("yes", True) else gettext("No")
    if question.choices:
        return gettext(question.choice_label(str(value)))
    return str(value)
