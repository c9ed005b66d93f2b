"""Marking English msgids for extraction where they are defined, not where shown.

`N_("Received")` returns its argument unchanged; `make translations` finds it, and the
page, PDF or email that shows the text translates it then, in the reader's language.
This module imports nothing, so every layer (the Flask-free declarative layer too)
can use it.
"""


def N_(message: str) -> str:
    """Mark a msgid for extraction; translated where it is shown."""
    return message
