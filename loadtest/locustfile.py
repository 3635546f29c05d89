"""The people of the load test, as locust users (run by `loadtest.run`, one class per phase).

- `Cook`: the journey — sign up, upload a photo, poll, confirm the ingredients (start recipes),
  poll until the recipes are written, favourite one, review it. Reports `first recipe` (seconds
  from starting the recipes to the first one visible) and `journey` as custom events.
- `Poller` / `OneRow`: the status poll (with its ETag) and the bare DRF one-row view at full
  speed, for the ceiling comparison; `SteadyPoller` / `SteadyOneRow`: the same two at one
  request a second per user, run together.
- `Reader`: a signed-in person reading pages (home, history) — page p95 while jobs are in flight.
- `SyncUploader`: the in-request baseline, holding a web thread for the whole model call.

Fixtures come from the environment: LOADTEST_TOKEN, LOADTEST_SCAN, LOADTEST_USERNAME,
LOADTEST_PASSWORD. Every user sends to 127.0.0.1 only (the runner's --host).
"""

from __future__ import annotations

import os
import re
import time
import uuid
from typing import Any

from locust import FastHttpUser
from locust import between
from locust import constant
from locust import constant_throughput
from locust import events
from locust import task

from testkit.images import jpeg_bytes

PHOTO = jpeg_bytes((1600, 1200), (180, 60, 40))
POLL_EVERY = 1.0
JOB_TIMEOUT = 240.0
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _header(reply: Any, name: str) -> str:
    return str((reply.headers or {}).get(name, ""))


def _report(name: str, seconds: float, *, failed: str | None = None) -> None:
    events.request.fire(
        request_type="JOURNEY",
        name=name,
        response_time=seconds * 1000,
        response_length=0,
        exception=RuntimeError(failed) if failed else None,
        context={},
    )


class JourneyStopped(Exception):
    """A step of the journey did not give what a person needs to go on."""


class Cook(FastHttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        name = f"cook-{uuid.uuid4().hex[:12]}"
        with self.client.post(
            "/api/v1/auth/register/",
            json={"username": name, "password": "Tomato-Basil-Thyme-2931"},
            name="sign up",
            catch_response=True,
        ) as reply:
            if reply.status_code != 201:
                reply.failure(f"sign up: {reply.status_code}")
                return
            self.auth = {"Authorization": f"Token {reply.json()['token']}"}

    def _poll(self, path: str, label: str) -> dict[str, Any] | None:
        """Poll a job as a client should (ETag, once a second) until it has finished."""
        deadline = time.monotonic() + JOB_TIMEOUT
        tag = ""
        body: dict[str, Any] | None = None
        started = time.monotonic()
        first_recipe: float | None = None
        while time.monotonic() < deadline:
            headers = self.auth | ({"If-None-Match": tag} if tag else {})
            reply = self.client.get(path, headers=headers, name=label)
            if reply.status_code == 200:
                body = reply.json()
                tag = _header(reply, "ETag")
            elif reply.status_code != 304:
                return None
            if body is not None:
                if first_recipe is None and body.get("recipes"):
                    first_recipe = time.monotonic() - started
                    _report("first recipe", first_recipe)
                if body["status"] in ("succeeded", "failed", "cancelled"):
                    return body
            time.sleep(POLL_EVERY)
        return None

    @task
    def journey(self) -> None:
        if not hasattr(self, "auth"):
            time.sleep(1)
            return
        began = time.monotonic()
        try:
            self._journey()
        except JourneyStopped as why:
            _report("journey", time.monotonic() - began, failed=str(why))
        else:
            _report("journey", time.monotonic() - began)

    def _journey(self) -> None:
        # Every request asks for a fresh answer, as on a site where each person's fridge differs:
        # no one's result is reused from another's or joins another's model call.
        scan = self._start_and_poll(
            "/api/v1/scans/",
            "upload",
            "poll scan",
            files={"image": ("fridge.jpg", PHOTO, "image/jpeg")},
            data={"fresh": "true"},
        )
        if scan["status"] != "succeeded":
            raise JourneyStopped("scan did not succeed")
        names = [item["name"] for item in scan["ingredients"]][:10]
        generation = self._start_and_poll(
            "/api/v1/generations/",
            "confirm and generate",
            "poll generation",
            json={"scan": scan["id"], "ingredients": names, "count": 3, "fresh": True},
        )
        if not generation.get("recipes"):
            raise JourneyStopped("no recipes")
        recipe = generation["recipes"][0]["id"]
        self.client.post(f"/api/v1/recipes/{recipe}/favorite/", headers=self.auth, name="favourite")
        self.client.post(
            f"/api/v1/recipes/{recipe}/reviews/",
            json={"rating": 5, "comment": "Quick and good."},
            headers=self.auth,
            name="review",
        )

    def _start_and_poll(
        self, path: str, label: str, poll_label: str, **body: Any
    ) -> dict[str, Any]:
        """Start a job (202) and poll it until it has finished."""
        reply = self.client.post(path, headers=self.auth, name=label, **body)
        if reply.status_code != 202:
            raise JourneyStopped(f"{label}: {reply.status_code}")
        found = self._poll(_header(reply, "Location"), poll_label)
        if found is None:
            raise JourneyStopped(f"{poll_label}: the job did not finish")
        return found


class Poller(FastHttpUser):
    """The status poll of a running scan, sent back its ETag (what a good client does)."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Token {os.environ['LOADTEST_TOKEN']}"}
        self.path = f"/api/v1/scans/{os.environ['LOADTEST_SCAN']}/"
        self.tag = _header(self.client.get(self.path, headers=self.auth, name="warm"), "ETag")

    @task
    def poll(self) -> None:
        self.client.get(self.path, headers=self.auth | {"If-None-Match": self.tag}, name="poll")


class SteadyPoller(Poller):
    """One poll a second per user: the load of that many people waiting on a page."""

    wait_time = constant_throughput(1)


class OneRow(FastHttpUser):
    """The ceiling: DRF, token auth, one row read, nothing else."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.auth = {"Authorization": f"Token {os.environ['LOADTEST_TOKEN']}"}
        self.path = f"/loadtest/one-row/{os.environ['LOADTEST_SCAN']}/"

    @task
    def read(self) -> None:
        self.client.get(self.path, headers=self.auth, name="bare DRF one row")


class SteadyOneRow(OneRow):
    """The bare view at one request a second per user, beside `SteadyPoller`: what the same
    server, network stack and load tester give at that pace with nothing of ours in the way."""

    wait_time = constant_throughput(1)


class _SignedIn(FastHttpUser):
    abstract = True

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="login page")
        found = _CSRF.search(page.text or "")
        self.client.post(
            "/accounts/login/",
            data={
                "username": os.environ["LOADTEST_USERNAME"],
                "password": os.environ["LOADTEST_PASSWORD"],
                "csrfmiddlewaretoken": found.group(1) if found else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )


class Reader(_SignedIn):
    wait_time = between(0.5, 1.5)
    # Exactly this many readers; the other users of a phase are cooks or uploaders.
    fixed_count = int(os.environ.get("LOADTEST_READERS", "0"))
    network_timeout = 30.0  # a page that takes longer has failed the person

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="page: home")

    @task(1)
    def history(self) -> None:
        self.client.get("/history/", name="page: history")


class SyncUploader(_SignedIn):
    """The photo read inside the request: a web thread is held for the whole model call."""

    wait_time = constant(0)

    @task
    def upload(self) -> None:
        self.client.post(
            "/loadtest/sync-scan/",
            files={"image": ("fridge.jpg", PHOTO, "image/jpeg")},
            name="sync upload (model in the request)",
        )
