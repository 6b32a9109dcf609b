"""The working day's mix of pages for `make bench` (bench/load_bench.py starts locust on this file
against gunicorn on 127.0.0.1). Each simulated user logs in once as a demo role, through the
real login form (or the API's token endpoint), then opens its pages with a short pause between
them. Every request is named after the page, so the table has one row per page.

Set by load_bench.py: BENCH_CITIZEN_IDS (the demo caseworker's citizens, comma-separated),
BENCH_FOCUS_AREA_ID, DEMO_PASSWORD.
"""

import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-ballerup")
CITIZEN_IDS = [int(i) for i in os.environ.get("BENCH_CITIZEN_IDS", "").split(",") if i]
FOCUS_AREA_ID = os.environ.get("BENCH_FOCUS_AREA_ID", "1")


def _get_ok(user: HttpUser, path: str, name: str) -> None:
    """GET `path` as `user`, counted under `name`; anything but 200 is a failure."""
    with user.client.get(path, name=name, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"{response.status_code}")


class _Browser(HttpUser):
    abstract = True
    wait_time = between(0.05, 0.15)
    username = ""

    def on_start(self) -> None:
        self.client.get("/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in: {response.status_code}")

    def page(self, path: str, name: str) -> None:
        _get_ok(self, path, name)


class Caseworker(_Browser):
    weight = 5
    username = "sagsbehandler"

    @task(3)
    def caseload(self) -> None:
        self.page("/borgere/mine/", "caseload")

    @task(3)
    def record(self) -> None:
        self.page(f"/borgere/{random.choice(CITIZEN_IDS)}/", "citizen record")  # nosec B311

    @task(2)
    def matches(self) -> None:
        self.page("/grid/matches/?scope=team", "matches (caseworker)")


class Consultant(_Browser):
    weight = 2
    username = "konsulent"

    @task
    def openings(self) -> None:
        self.page("/virksomheder/aabninger/", "openings")

    @task
    def candidates(self) -> None:
        self.page("/grid/kandidater/", "candidates")


class Manager(_Browser):
    weight = 2
    username = "leder"

    @task
    def matches(self) -> None:
        self.page("/grid/matches/", "matches (leder)")

    @task
    def overview(self) -> None:
        self.page("/strategi/overblik/", "strategy overview")

    @task
    def focus_area(self) -> None:
        self.page(f"/strategi/fokusomraader/{FOCUS_AREA_ID}/", "focus area")


class ApiClient(HttpUser):
    weight = 1
    wait_time = between(0.05, 0.15)

    def on_start(self) -> None:
        response = self.client.post(
            "/api/v1/auth/token/", json={"username": "api", "password": PASSWORD}, name="token"
        )
        response.raise_for_status()
        self.client.headers["Authorization"] = f"Token {response.json()['token']}"

    @task
    def citizens(self) -> None:
        _get_ok(self, "/api/v1/citizens/", "API citizens")

    @task
    def openings(self) -> None:
        _get_ok(self, "/api/v1/openings/", "API openings")

    @task
    def matches(self) -> None:
        _get_ok(self, "/api/v1/matches/", "API matches")
