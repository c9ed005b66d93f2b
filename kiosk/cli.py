"""Flask commands: `forms check`, `db upgrade`, `drafts purge`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

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
            definition = load_definition(path)
        except DefinitionError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            problems += len(exc.problems)
            continue
        office = definition.destination.office
        if office not in current_app.extensions["kiosk.offices"]:
            click.echo(
                f"{path}: note: destination.office {office!r} is not in the OFFICES setting; "
                "residents will not see how to contact it",
                err=True,
            )
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
    from .agency import office_today
    from .catalog import forms
    from .extensions import db
    from .filestore import storage
    from .services import clock, drafts

    count = drafts.purge_expired(db.session, clock.now(), storage(), forms(), office_today())
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


pdfs_cli = AppGroup("pdfs", help="Submission PDFs.")
users_cli = AppGroup("users", help="Back-office accounts.")
retention_cli = AppGroup("retention", help="Delete submissions whose retention period is over.")
deliveries_cli = AppGroup("deliveries", help="Delivery of submissions to the offices.")


@retention_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
def retention_purge(dry_run: bool) -> None:
    """Delete submissions past their form's retention period, once delivered."""
    from .catalog import forms
    from .extensions import db
    from .filestore import storage
    from .services import clock, retention

    report = retention.purge_expired(db.session, forms(), storage(), clock.now(), dry_run=dry_run)
    click.echo(("would be deleted: " if dry_run else "") + report.summary())


@deliveries_cli.command("run")
def deliveries_run() -> None:
    """Send every delivery whose time has come (the worker does this each minute)."""
    from .deliveries import deliver_due
    from .extensions import db

    counts = deliver_due(db.session, current_app)
    click.echo(f"{counts['delivered']} delivered, {counts['failed']} failed (to be retried)")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["clerk", "admin"]), required=True)
@click.option("--name", default="", help="The name shown in the back office.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="KIOSK_NEW_USER_PASSWORD",
    help="Asked for when not given (or set KIOSK_NEW_USER_PASSWORD).",
)
def users_create(email: str, role: str, name: str, password: str) -> None:
    """Create a back-office account for EMAIL."""
    from .extensions import db
    from .services import clock, staff

    try:
        user = staff.create_user(
            db.session, email=email, name=name, role=role, password=password, now=clock.now()
        )
    except staff.StaffError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{user.role} {user.email} created")


@click.command("verify")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_command(file: Path) -> None:
    """Check the agency seal of FILE; exit non-zero unless it is intact and ours."""
    from sqlalchemy.exc import SQLAlchemyError

    from .extensions import db
    from .pdfs import trust_roots
    from .services import signing, submission_pdf

    seal = signing.check_seal(file.read_bytes(), trust_roots(current_app))
    try:
        on_record = submission_pdf.find_by_hash(db.session, seal.sha256)
        recorded = on_record.reference if on_record else "no"
    except SQLAlchemyError:  # the seal can be checked where no database is set up
        recorded = "unknown - the database cannot be read (flask --app kiosk db upgrade?)"
    click.echo(f"file:          {file}")
    click.echo(f"sha256:        {seal.sha256}")
    click.echo(f"sealed:        {'yes' if seal.sealed else 'no'}")
    if seal.sealed:
        click.echo(f"intact:        {'yes' if seal.intact else 'NO - changed after sealing'}")
        click.echo(f"trusted:       {'yes' if seal.trusted else 'NO - not sealed by this office'}")
        click.echo(f"whole file:    {'yes' if seal.whole_document else 'NO - content added after'}")
        click.echo(f"sealed by:     {seal.sealed_by}")
        click.echo(f"sealed at:     {seal.sealed_at.isoformat() if seal.sealed_at else '-'}")
    click.echo(f"on record:     {recorded}")
    click.echo("seal: VALID" if seal.valid else "seal: NOT VALID")
    if not seal.valid:
        raise SystemExit(1)


@pdfs_cli.command("seal")
def pdfs_seal() -> None:
    """Show the seal PDFs are signed with (creating the development seal if there is none)."""
    from .pdfs import seal_identity

    certificate = seal_identity(current_app).certificate
    click.echo(f"seal:     {certificate.subject.rfc4514_string()}")
    click.echo(f"issuer:   {certificate.issuer.rfc4514_string()}")
    click.echo(f"valid to: {certificate.not_valid_after_utc:%Y-%m-%d}")


@pdfs_cli.command("retry")
def pdfs_retry() -> None:
    """Queue again every submission whose PDF is pending or failed."""
    from sqlalchemy import select

    from . import jobs
    from .extensions import db
    from .models import Submission
    from .services import submission_pdf

    waiting = db.session.scalars(
        select(Submission.id).where(Submission.pdf_status.in_(("pending", "failed")))
    ).all()
    for submission_id in waiting:
        submission_pdf.make_again(db.session, db.session.get(Submission, submission_id))
        jobs.request_submission_pdf(submission_id)
    click.echo(f"{len(waiting)} PDF(s) queued")


@users_cli.command("demo")
def users_demo() -> None:
    """Make the demo clerk on a development instance with no accounts, and say how to sign in.

    The password is generated once and kept in instance/demo_clerk_password.
    """
    import secrets

    from .extensions import db
    from .services import clock, staff

    saved = Path(current_app.instance_path) / "demo_clerk_password"
    email = "clerk@example.gov"
    if staff.count_users(db.session) == 0:
        password = secrets.token_urlsafe(12)
        staff.create_user(
            db.session,
            email=email,
            name="Demo Clerk",
            role="admin",
            password=password,
            now=clock.now(),
        )
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(password + "\n")
        saved.chmod(0o600)
    if saved.exists():
        click.echo(
            f"Back office: /staff/  demo clerk {email}  password {saved.read_text().strip()}"
        )
    else:
        click.echo("Back office: /staff/  (create accounts with `flask --app kiosk users create`)")


def init_app(app: Flask) -> None:
    app.cli.add_command(forms_cli)
    app.cli.add_command(db_cli)
    app.cli.add_command(drafts_cli)
    app.cli.add_command(translations_cli)
    app.cli.add_command(pdfs_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(deliveries_cli)
    app.cli.add_command(verify_command)
