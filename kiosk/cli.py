"""Flask commands: `forms check`, `db upgrade`, `drafts purge`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .formdefs import DefinitionError, load_definition
from .formdefs.loader import definition_files

forms_cli = AppGroup("forms", help="Work with form definitions.")
db_cli = AppGroup("db", help="Manage the database.")
drafts_cli = AppGroup("drafts", help="Manage residents' unfinished applications.")
translations_cli = AppGroup("translations", help="Check and compile the message catalogs.")


@forms_cli.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def forms_check(files: tuple[Path, ...]) -> None:
    """Check form definitions (all of forms/ when no FILE is given).

    Prints one `file:line: message` per problem and exits non-zero if there is any.
    Checking all of forms/ also checks the translations: a stale messages.pot, and
    missing, fuzzy or mismatched translations in every configured language.
    """
    paths = list(files) or definition_files(Path(current_app.config["FORMS_FOLDER"]))
    if not paths:
        raise click.ClickException("no form definitions found")
    problems = 0
    for path in paths:
        if not path.exists():
            click.echo(f"{path}: no such file", err=True)
            problems += 1
            continue
        try:
            load_definition(path)
        except DefinitionError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            problems += len(exc.problems)
    if not files:
        for problem in translation_problems():
            click.echo(problem, err=True)
            problems += 1
    if problems:
        click.echo(f"{problems} problem(s) in {len(paths)} file(s)", err=True)
        raise SystemExit(1)
    click.echo(f"{len(paths)} form definition(s) OK")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database to the latest schema."""
    from .extensions import db
    from .migrations import upgrade

    upgrade(db.engine)
    click.echo(f"database is up to date ({db.engine.url.render_as_string(hide_password=True)})")


@drafts_cli.command("purge")
def drafts_purge() -> None:
    """Delete expired drafts and the files uploaded to them."""
    from .extensions import db
    from .public.context import storage
    from .services import clock, drafts

    count = drafts.purge_expired(db.session, clock.now(), storage())
    click.echo(f"{count} expired draft(s) deleted")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile every translations/*/LC_MESSAGES/messages.po into a .mo file."""
    from .catalogs import compile_catalogs

    folder = Path(current_app.config["TRANSLATIONS_FOLDER"])
    click.echo(f"{compile_catalogs(folder)} catalog(s) compiled")


@translations_cli.command("check")
def translations_check() -> None:
    """Fail on a stale messages.pot, missing or fuzzy translations, or placeholder mismatches."""
    problems = translation_problems()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo("translations OK")


def translation_problems() -> list[str]:
    from .catalogs import catalog_problems, template_problems

    folder = Path(current_app.config["TRANSLATIONS_FOLDER"])
    problems = template_problems(folder / "messages.pot")
    for language in current_app.config["LANGUAGES"]:
        if language != "en":
            problems += catalog_problems(language, folder)
    return problems


def init_app(app: Flask) -> None:
    app.cli.add_command(forms_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(drafts_cli)
    app.cli.add_command(translations_cli)
