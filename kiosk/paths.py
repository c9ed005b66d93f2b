"""Where the project's folders are: computed from the package, never from the cwd."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
FORMS = ROOT / "forms"
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"
TRANSLATIONS = ROOT / "translations"
INSTANCE = ROOT / "instance"
MIGRATIONS = PACKAGE / "migrations"
