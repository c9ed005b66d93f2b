"""From definitions to WTForms classes: one registry of field types, one class per page.

Like the declarative layer, this package does not import Flask: views pass in the
translations, locale and date through the form's meta.
"""

from .pageform import (
    DeclarationForm,
    PageForm,
    declaration_form_class,
    page_form_class,
)
from .registry import REGISTRY, FieldType, UnknownFieldType, field_type, handler_for
from .validators import flatten_errors

__all__ = [
    "REGISTRY",
    "DeclarationForm",
    "FieldType",
    "PageForm",
    "UnknownFieldType",
    "declaration_form_class",
    "field_type",
    "flatten_errors",
    "handler_for",
    "page_form_class",
]
