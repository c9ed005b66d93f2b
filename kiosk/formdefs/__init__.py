"""The declarative layer: form definitions loaded from YAML into immutable objects.

Nothing in this package imports Flask; the web layer reads what it builds.
"""

from .conditions import Condition, parse_condition
from .loader import DefinitionError, FormCatalog, load_catalog, load_definition
from .model import (
    Choice,
    Declaration,
    DocumentRequirement,
    Field,
    FormDefinition,
    Page,
    Rule,
)
from .source import Problem

__all__ = [
    "Choice",
    "Condition",
    "Declaration",
    "DefinitionError",
    "DocumentRequirement",
    "Field",
    "FormCatalog",
    "FormDefinition",
    "Page",
    "Problem",
    "Rule",
    "load_catalog",
    "load_definition",
    "parse_condition",
]
