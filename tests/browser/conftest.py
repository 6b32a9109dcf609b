"""The users' journeys in headless Chromium (Playwright for Python, Debian's /usr/bin/chromium).

One session: the PostgreSQL test database gets the demo data once (`seed_demo` at a small scale,
with its first run: key figures, a finished GRID run, proposals and a placement), then the app is
served by gunicorn in its own process and a real Celery worker takes the tasks from Redis, so a
progress bar moves because a worker did the work. Every journey module drives one role.

Run alone: `make test-browser` (needs DATABASE_URL, CELERY_BROKER_URL, Chromium and
`npm ci --prefix tests/browser`; scripts/run_tests.sh sets them). Failures keep a screenshot and
the page's HTML in test-artifacts/browser/failures/; every checked page's screenshot is in
test-artifacts/browser/pages/ and the axe-core totals in test-artifacts/browser/axe-summary.json.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from tests.integration.worker import ROOT, WorkerProcess, database_url

from .checks import ARTIFACTS, PageChecker, axe_summary

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-ballerup")
SCALE = 0.05
# Headless Chromium as root, on a machine without internet (the env guide's flags).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an event loop in the test's thread; Django refuses database
    calls there unless told the loop is not its business (it is not: no async code touches the
    ORM). Only for the fixtures' own queries, never for the processes they start."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if before is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def pytest_terminal_summary(terminalreporter):
    summary = axe_summary()
    if not summary:
        return
    terminalreporter.write_sep("=", "axe-core (WCAG 2.1 A/AA) on the journeys' pages")
    for width, figures in sorted(summary.items()):
        terminalreporter.write_line(
            f"{width:>5} px: {figures['pages']} page states, {figures['violations']} violations"
        )
    (ARTIFACTS / "axe-summary.json").write_text(json.dumps(summary, indent=2))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The journeys' own test database (test_<name>_browser), so a unit or integration run on
    the same server at the same time does not collide with it."""
    from django.db import connections

    for alias in connections:
        settings_dict = connections[alias].settings_dict
        settings_dict.setdefault("TEST", {})["NAME"] = f"test_{settings_dict['NAME']}_browser"


@pytest.fixture(scope="session")
def browser_queue() -> str:
    return f"btest-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker, browser_queue) -> str:
    """The demo data, committed into the test database once; returns the database's URL."""
    if connection.vendor != "postgresql" or settings.EAGER_TASKS:
        pytest.fail(
            "The browser journeys need PostgreSQL (DATABASE_URL) and a broker (CELERY_BROKER_URL)."
        )
    from ballerup_jobcenter.celery import app

    app.conf.task_default_queue = browser_queue  # the placement's follow-up run goes to our worker
    with django_db_blocker.unblock():
        call_command("seed_demo", scale=SCALE, seed=2750, stdout=StringIO())
        return database_url()


@pytest.fixture(scope="session")
def worker(demo_database, browser_queue) -> Iterator[WorkerProcess]:
    handle = WorkerProcess(queue=browser_queue, database_url=demo_database)
    handle.start()
    yield handle
    handle.stop()


@pytest.fixture(scope="session")
def server(demo_database, worker, browser_queue) -> Iterator[str]:
    """gunicorn serving the app against the test database, as production would (2 workers)."""
    port = _free_port()
    for old in ("pages", "failures"):
        shutil.rmtree(ARTIFACTS / old, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "server.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ballerup_jobcenter.settings.test",
        "DATABASE_URL": demo_database,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": browser_queue,
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ballerup_jobcenter.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310  # nosec B310
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()}") from None
            time.sleep(0.3)
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # From here on an event loop runs in this thread (Playwright's sync API): pytest-django's
    # per-test database setup and the fixtures' queries run beside it. The processes the session
    # started before (gunicorn, the worker) do not inherit the flag.
    with orm_beside_playwright(), sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(request, server, browser):
    """A fresh browser context (no cookies) at 1366 × 768, Danish."""
    context = browser.new_context(
        base_url=server, viewport={"width": 1366, "height": 768}, locale="da-DK"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A document may answer 403/404/429 on purpose (the journeys visit those pages); a script,
    # style sheet or fragment that fails is an error. The console repeats every failed load.
    page.on(
        "console",
        lambda message: (
            errors.append(f"{page.url}: {message.text} ({message.location})")
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        folder = ARTIFACTS / "failures" / request.node.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            page.screenshot(path=str(folder / "page.png"), full_page=True, caret="initial")
            (folder / "page.html").write_text(page.content())
            (folder / "url.txt").write_text(page.url + "\n" + "\n".join(errors))
        except Exception as error:  # keep what can be kept
            (folder / "error.txt").write_text(repr(error))
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def check(page, request) -> PageChecker:
    """`check("name")`: layout at 1366 px, axe-core at 1280 and 320 px, reflow at 320 px."""
    return PageChecker(page, journey=request.node.name)


@pytest.fixture
def log_in(page):
    def _log_in(username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto("/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state()

    return _log_in


@pytest.fixture(scope="session")
def demo_facts(demo_database, django_db_blocker) -> dict:
    """Ids the journeys need and a user could not type: another team's citizen and its CPR."""
    from citizens.models import Citizen

    with django_db_blocker.unblock(), orm_beside_playwright():
        other = (
            Citizen.objects.filter(team__slug="sygedagpengeafsnit", current_course__isnull=False)
            .order_by("pk")
            .first()
        )
        facts = {"other_team_citizen": other.pk, "other_team_cpr": other.cpr}
        connection.close()  # opened in Playwright's greenlet: closed here, or the drop waits
        return facts


@pytest.fixture(scope="session")
def consultant_facts(demo_database, django_db_blocker) -> dict:
    """The demo consultant's side: one of their companies, and two proposed candidates for one
    opening whose workplace has room for exactly one more supported placement under the
    rimelighedskrav (its ordinary employees set so), so the second acceptance is an over-fill."""
    from core.exceptions import Conflict
    from core.models import User
    from employers.models import Employer
    from employers.rules import RIMELIGHEDSKRAV_KINDS
    from grid.models import Match
    from grid.services import match_propose

    with django_db_blocker.unblock(), orm_beside_playwright():
        konsulent = User.objects.get(username="konsulent")
        company = (
            Employer.objects.filter(consultant=konsulent, workplaces__isnull=False)
            .order_by("pk")
            .first()
        )
        proposed = Match.objects.filter(
            status=Match.Status.PROPOSED,
            opening__workplace__employer__consultant=konsulent,
            opening__kind__in=RIMELIGHEDSKRAV_KINDS,
        ).select_related("opening__workplace", "citizen")
        pair = None
        for first in proposed.order_by("pk"):
            seconds = (
                Match.objects.filter(
                    opening=first.opening, status=Match.Status.SUGGESTED, run=first.run
                )
                .exclude(citizen=first.citizen)
                .exclude(citizen__caseworker=None)
                .select_related("citizen__caseworker")
            )
            for candidate in seconds[:20]:
                try:
                    second = match_propose(actor=candidate.citizen.caseworker, match=candidate)
                except Conflict:
                    continue
                employees = _room_for_one_more(first.opening)
                if _accepts_then_refuses(konsulent, first, second, employees):
                    pair = (first, second, employees)
                    break
            if pair:
                break
        if pair is None:
            pytest.fail("The demo data has no opening with two candidates to accept and refuse.")
        first, second, employees = pair
        opening = first.opening
        opening.seats = max(opening.seats, 5)
        opening.save(update_fields=["seats"])
        opening.workplace.ordinary_employees = employees
        opening.workplace.save(update_fields=["ordinary_employees"])
        facts = {
            "company": company.name,
            "company_id": company.pk,
            "opening": opening.title,
            "first": first.citizen.full_name,
            "second": second.citizen.full_name,
            "employer_id": opening.workplace.employer_id,
        }
        connection.close()
        return facts


def _room_for_one_more(opening) -> int:
    """The fewest ordinary employees that leave the workplace room for exactly one more
    supported placement of the opening's kind and period (the rimelighedskrav)."""
    from datetime import date

    from employers.rules import capacity_on, room

    start = max(date.today(), opening.start)
    used = room(workplace=opening.workplace, kind=opening.kind, start=start, end=opening.end).used
    return next(e for e in range(0, 5000) if capacity_on(e, on=start) >= used + 1)


def _accepts_then_refuses(consultant, first, second, employees: int) -> bool:
    """Try it and roll back: the first candidate is accepted, the second refused by the
    rimelighedskrav (not for another reason, such as a wage subsidy's maximum length)."""
    from django.db import transaction

    from core.exceptions import Conflict
    from grid.services import match_accept

    class Undo(Exception):
        pass

    outcome = False
    try:
        with transaction.atomic():
            opening = first.opening
            opening.seats = max(opening.seats, 5)
            opening.save(update_fields=["seats"])
            opening.workplace.ordinary_employees = employees
            opening.workplace.save(update_fields=["ordinary_employees"])
            try:
                match_accept(actor=consultant, match=first)
            except (Conflict, ValidationError):
                raise Undo from None
            try:
                match_accept(actor=consultant, match=second)
            except Conflict as refused:
                outcome = getattr(refused, "code", "") == "rimelighedskrav"
            raise Undo
    except Undo:
        pass
    return outcome
