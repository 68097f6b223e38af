"""The `postal-service` command: serve, migrate, load demo data, verify custody, manage keys."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click

from postal_service import demo, scheduler, worker
from postal_service.config import Settings
from postal_service.db import migrate as migrations
from postal_service.db import singleton
from postal_service.db.queries import by_code
from postal_service.db.tables import PostOffice
from postal_service.demo import simulation
from postal_service.domain.errors import InvalidField
from postal_service.services import auth, network, planning
from postal_service.services.bag_chain import verify_bags
from postal_service.services.custody_audit import verify_custody

from . import backup_commands, job_commands, timetable_files
from .job_commands import system_work


def _settings() -> Settings:
    return Settings()


@click.group()
def main() -> None:
    """Postal pickup and delivery of administrative dossiers (Decision 45/2016/QĐ-TTg)."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=int, envvar="WEB_WORKERS", help="worker processes; by default 2 per core, plus one")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    envvar="WEB_THREADS",
    help="threads per worker process (by default 4); 1: gunicorn's sync workers, one request at a time each",
)
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger, never in production")
def serve(host: str, port: int, workers: int | None, threads: int | None, debug: bool) -> None:
    """Serve the web service with gunicorn (Flask's own server only with --debug)."""
    from .app import create_app

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)  # the readiness probe reads the schema revision
    if debug:
        create_app(_settings()).run(host=host, port=port, threaded=True, debug=True)
        return
    from .serving import THREADS, serve_with_gunicorn

    serve_with_gunicorn(host, port, workers or 2 * (os.cpu_count() or 1) + 1, threads or THREADS)


@main.command()
def migrate() -> None:
    """Bring the database schema to the newest revision."""
    settings = _settings()
    migrations.upgrade(settings.database_url, data_dir=settings.data_dir)
    click.echo("schema is up to date")


@main.command("demo-data")
@click.option("--if-empty", is_flag=True, help="do nothing when the catalogue already has data")
@click.option("--requests", default=200, show_default=True, type=int)
def demo_data(if_empty: bool, requests: int) -> None:
    """Load Hà Nội demo data: agencies, procedures, post offices, staff and requests in every state."""
    settings = _settings()
    if settings.environment == "production":
        raise click.ClickException("demo data (with its known staff password) is never loaded in production")
    with system_work(settings) as ctx:
        if not demo.is_empty(ctx.session):
            if if_empty:
                click.echo("demo data already loaded")
                return
            raise click.ClickException("the database already has data; use an empty database")
        count = demo.load(ctx.session, settings, datetime.now(UTC), requests)
    click.echo(f"loaded demo data with {count} requests; staff password: {demo.DEMO_PASSWORD}")


@main.command("verify-custody")
def verify_custody_command() -> None:
    """Recompute every parcel's and every bag's custody hash chain and name any broken link (exit 1 when one is
    found)."""
    settings = _settings()
    with system_work(settings) as ctx:
        checked, broken = verify_custody(ctx.session, settings.custody_key_ring)
        bags, broken_bags = verify_bags(ctx.session, settings.custody_key_ring)
    broken += broken_bags
    for link in broken:
        click.echo(f"BROKEN {link.parcel} event {link.sequence}: {link.problem}")
    click.echo(f"{checked} parcels and {bags} bags checked, {len(broken)} broken links")
    sys.exit(1 if broken else 0)


def _refused(errors: dict[str, str]) -> click.ClickException:
    return click.ClickException("\n".join(f"{place}: {message}" for place, message in errors.items()))


@main.command("load-timetable")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--hubs", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="a CSV of hubs")
def load_timetable(path: Path, hubs: Path | None) -> None:
    """Replace the trunk runs by a timetable file (JSON, or a CSV of runs); every bad line is named and nothing
    changes."""
    try:
        timetable = timetable_files.read(path, hubs)
    except InvalidField as error:
        raise _refused(error.errors) from None
    try:
        with system_work(_settings()) as ctx:
            count = network.load_timetable(ctx, timetable)
    except InvalidField as error:
        raise _refused(timetable_files.line_names(error.errors, timetable, path)) from None
    click.echo(f"{count} runs loaded from {path.name}")


@main.command("create-api-key")
@click.argument("agency_code")
@click.argument("label")
def create_api_key(agency_code: str, label: str) -> None:
    """Issue an API key for an agency's information system (printed once)."""
    settings = _settings()
    with system_work(settings) as ctx:
        key = auth.create_api_key(ctx, agency_code, label)
    click.echo(key)


@main.command("plan")
@click.argument("office_code")
@click.option("--day", type=click.DateTime(formats=["%Y-%m-%d"]), help="local day; today by default")
def plan_command(office_code: str, day: datetime | None) -> None:
    """Plan (or re-plan) one post office's day and publish the routes to its couriers."""
    settings = _settings()
    with system_work(settings) as ctx:
        office = by_code(ctx.session, PostOffice, office_code)
        run = planning.plan_office_day(ctx, office, day.date() if day else ctx.today)
    if run.status == "unchanged":
        click.echo(f"nothing to publish: {run.note}")
        return
    click.echo(
        f"{run.vehicles} couriers, {run.distance_m / 1000:.1f} km, {len(run.unassigned)} not planned, {run.seconds} s"
    )


@main.command("scheduler")
def scheduler_command() -> None:
    """Enqueue the scheduled jobs on time (plan shifts, re-plan, deadlines, holds). A second one is a standby."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = _settings()
    with singleton.sole(settings.database_url, "scheduler"):  # a second scheduler waits here as a standby
        scheduler.build(settings).start()


@main.command("worker")
@click.option("--concurrency", type=int, default=None, help="worker processes; the number of cores by default")
@click.option("--name", help="a name of its own for each worker on one machine, e.g. planner-1@%h")
@click.option(
    "--takes",
    default=",".join(worker.WORK_KINDS),
    show_default=True,
    help="the kinds of work it takes (jobs, plans, messages): a worker for plans alone never waits behind messages",
)
def worker_command(concurrency: int | None, name: str | None, takes: str) -> None:
    """Run a Celery worker: it takes jobs from the broker (BROKER_URL) and runs them. Start as many as needed."""
    settings = _settings()
    kinds = [kind.strip() for kind in takes.split(",") if kind.strip()]
    unknown = sorted(set(kinds) - set(worker.WORK_KINDS))
    if unknown or not kinds:
        raise click.BadParameter(f"known kinds: {', '.join(worker.WORK_KINDS)}", param_hint="--takes")
    queues = ",".join(worker.queue_name(settings, kind) for kind in kinds)
    arguments = ["worker", "--loglevel=INFO", "--queues", queues, "--without-gossip", "--without-mingle"]
    arguments += ["--concurrency", str(concurrency)] if concurrency else []
    arguments += ["--hostname", name] if name else []
    worker.make_celery(settings).worker_main(arguments)


@main.command("simulate-morning")
@click.option("--offices", type=click.IntRange(1), default=300, show_default=True)
@click.option("--workers", default="1,2", show_default=True, help="worker processes of each round, e.g. 1,2")
@click.option("--database-url", help="an empty database of its own; a new SQLite file by default")
@click.option("--broker-url", help="the broker (amqp://… for RabbitMQ); BROKER_URL by default")
@click.option("--largest", type=click.IntRange(5), default=500, show_default=True, help="stops of the largest day")
@click.option("--seed", type=int, default=45, show_default=True)
def simulate_morning_command(
    offices: int, workers: str, database_url: str | None, broker_url: str | None, largest: int, seed: int
) -> None:
    """Plan a national morning of generated post-office days on pools of worker processes and print the figures."""
    settings = _settings()
    url = database_url or f"sqlite:///{tempfile.mkdtemp(prefix='postal-morning-')}/morning.sqlite3"
    settings = settings.model_copy(update={"database_url": url, "broker_url": broker_url or settings.broker_url})
    pools = [int(n) for n in workers.split(",")]
    rounds = simulation.simulate(settings, pools, offices, seed, largest, lambda line: click.echo(line, err=True))
    click.echo(simulation.report(rounds, settings.planning_lead_minutes))


for command in (job_commands.anchor_custody, job_commands.expire_holds, job_commands.roll_up_figures):
    main.add_command(command)
main.add_command(backup_commands.backup_command)
main.add_command(backup_commands.restore_command)

if __name__ == "__main__":
    main()
