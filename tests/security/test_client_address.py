"""One client address for lockouts, throttles and logs, trusting exactly NUM_PROXIES hops.

Behind nginx every request arrives from nginx's address. Keyed on REMOTE_ADDR, one person's
failed log-ins locked everybody out of that account; reading the whole X-Forwarded-For (DRF's
default), a client that writes the header itself got a fresh budget per request.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.test import RequestFactory
from rest_framework.test import APIClient

from core.api.throttles import AuthThrottle
from core.api.throttles import JobIPThrottle
from core.client_ip import client_ip
from core.logging import ContextFilter
from core.logging import RequestIDMiddleware
from tests.factories import PASSWORD
from tests.factories import UserFactory

NGINX = "10.0.0.2"  # the one address every request comes from behind the proxy
ALICE_HOME = "203.0.113.5"
BOB_HOME = "198.51.100.7"


# --- the function -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, None, NGINX),
        (0, "1.2.3.4", NGINX),  # no hop trusted: the header is ignored
        (1, None, NGINX),  # reached Django directly
        (1, ALICE_HOME, ALICE_HOME),
        (1, f"6.6.6.6, {ALICE_HOME}", ALICE_HOME),  # the client's own part is ignored
        (1, f"6.6.6.6,{ALICE_HOME} ", ALICE_HOME),
        (2, f"6.6.6.6, {ALICE_HOME}, 10.0.0.1", ALICE_HOME),  # load balancer, then nginx
        (2, ALICE_HOME, ALICE_HOME),  # fewer entries than hops: the leftmost
        (1, "not-an-address", NGINX),
        (1, "", NGINX),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_exactly_num_proxies_hops(
    settings: Any, hops: int, forwarded: str | None, expected: str
) -> None:
    settings.NUM_PROXIES = hops
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, **extra)
    assert client_ip(request) == expected


def test_axes_and_the_api_throttles_use_the_one_function(settings: Any) -> None:
    from axes.helpers import get_client_ip_address

    settings.NUM_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=ALICE_HOME)
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.client_ip.client_ip"
    assert get_client_ip_address(request) == ALICE_HOME
    assert AuthThrottle().get_ident(request) == ALICE_HOME  # type: ignore[arg-type]
    assert JobIPThrottle().get_ident(request) == ALICE_HOME  # type: ignore[arg-type]


def test_log_lines_of_a_request_carry_the_same_client_address(settings: Any) -> None:
    settings.NUM_PROXIES = 1
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("tests.client_address")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def view(_: Any) -> HttpResponse:
        logger.info("inside the request")
        return HttpResponse("ok")

    try:
        request = RequestFactory().get(
            "/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ALICE_HOME}"
        )
        RequestIDMiddleware(view)(request)
        logger.info("outside any request")
    finally:
        logger.removeHandler(handler)

    assert [getattr(r, "client_ip", None) for r in records] == [ALICE_HOME, ""]


# --- NUM_PROXIES=0: a forged header changes nothing --------------------------------------------


def fail_log_in(client: Client, username: str = "alice") -> int:
    response = client.post("/accounts/login/", {"username": username, "password": "wrong one"})
    return int(response.status_code)


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_lockout(
    user: Any, settings: Any
) -> None:
    settings.NUM_PROXIES = 0
    answers = [
        fail_log_in(Client(REMOTE_ADDR=ALICE_HOME, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"))
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429
    forged = Client(REMOTE_ADDR=ALICE_HOME, HTTP_X_FORWARDED_FOR="10.9.9.200")
    response = forged.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429, "still locked: the header was not believed"


@pytest.mark.django_db
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_api_throttle(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NUM_PROXIES = 0
    monkeypatch.setattr(AuthThrottle, "rate", "3/hour", raising=False)
    body = {"username": "nobody", "password": "whatever-it-is"}
    statuses = [
        APIClient(REMOTE_ADDR=ALICE_HOME, HTTP_X_FORWARDED_FOR=f"10.8.8.{n}")
        .post("/api/v1/auth/token/", body, format="json")
        .status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]


# --- NUM_PROXIES=1: two people behind one proxy address are two people ---------------------------


def behind_nginx(home: str, *, forged: str = "") -> Client:
    forwarded = f"{forged}, {home}" if forged else home
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_behind_one_proxy_a_lockout_holds_only_the_person_who_guessed(
    user: Any, settings: Any
) -> None:
    settings.NUM_PROXIES = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        fail_log_in(behind_nginx(ALICE_HOME))
    attacker_again = behind_nginx(ALICE_HOME, forged=BOB_HOME)  # pretending to be Bob's address
    owner = behind_nginx(BOB_HOME)

    locked = attacker_again.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    signed_in = owner.post("/accounts/login/", {"username": "alice", "password": PASSWORD})

    assert locked.status_code == 429
    assert signed_in.status_code == 302, "the account owner elsewhere is not locked out"
    assert owner.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_behind_one_proxy_page_job_budgets_are_per_person_not_per_proxy(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.NUM_PROXIES = 1
    monkeypatch.setattr(JobIPThrottle, "rate", "2/hour", raising=False)

    def ask(home: str, name: str, forged: str = "") -> int:
        client = behind_nginx(home, forged=forged)
        client.force_login(UserFactory(username=name))
        form = {"ingredients": "eggs, spinach", "count": "1"}
        return int(client.post("/generations/new/", form).status_code)

    assert [ask(ALICE_HOME, "a1"), ask(ALICE_HOME, "a2")] == [302, 302]
    assert ask(ALICE_HOME, "a3", forged="192.0.2.99") == 429, "a forged left part is ignored"
    assert ask(BOB_HOME, "b1") == 302, "someone else behind the same proxy has their own budget"


# --- a real proxy hop ---------------------------------------------------------------------------


class ReverseProxy:
    """A tiny threaded HTTP reverse proxy on 127.0.0.1 that appends the peer to X-Forwarded-For,
    as nginx's `$proxy_add_x_forwarded_for` does."""

    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        host, port = target.hostname or "127.0.0.1", target.port or 80

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                self._relay()

            def do_POST(self) -> None:
                self._relay()

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                forwarded = self.headers.get("X-Forwarded-For")
                peer = self.client_address[0]
                headers["X-Forwarded-For"] = f"{forwarded}, {peer}" if forwarded else peer
                upstream = http.client.HTTPConnection(host, port, timeout=10)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in {"connection", "transfer-encoding", "content-length"}:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ReverseProxy:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def proxy(live_server: Any) -> Iterator[ReverseProxy]:
    with ReverseProxy(live_server.url) as running:
        yield running


def token_request(
    proxy: ReverseProxy, source: str, password: str, forged: str = ""
) -> tuple[int, dict[str, Any]]:
    """POST /api/v1/auth/token/ through the proxy from the loopback address `source`."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", proxy.port, timeout=10, source_address=(source, 0)
    )
    headers = {"Content-Type": "application/json"}
    if forged:
        headers["X-Forwarded-For"] = forged
    try:
        payload = json.dumps({"username": "alice", "password": password})
        conn.request("POST", "/api/v1/auth/token/", body=payload, headers=headers)
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read() or b"{}")
    finally:
        with contextlib.suppress(OSError):
            conn.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("hops", "owner_locked_out"), [(0, True), (1, False)])
def test_through_a_real_proxy_hop_only_num_proxies_1_keeps_the_owner_out_of_the_lockout(
    proxy: ReverseProxy, settings: Any, hops: int, owner_locked_out: bool
) -> None:
    """Two clients (127.0.0.2 and 127.0.0.3) behind one proxy (127.0.0.1) before a live server.

    With 0 trusted hops the proxy's address is everybody's, so the attacker locks the owner out
    (the old behaviour behind nginx); with 1 they are told apart, and the attacker's forged
    header does not help them either.
    """
    settings.NUM_PROXIES = hops
    UserFactory(username="alice")
    attacker, owner = "127.0.0.2", "127.0.0.3"

    guesses = [
        token_request(proxy, attacker, "wrong guess")[0] for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    attacker_with_the_right_one, _ = token_request(proxy, attacker, PASSWORD, forged=owner)
    owner_status, owner_body = token_request(proxy, owner, PASSWORD)

    assert guesses[0] == 400
    assert guesses[-1] in (403, 429)
    assert attacker_with_the_right_one in (403, 429), "the attacker stays locked"
    if owner_locked_out:
        assert owner_status in (403, 429)
    else:
        assert owner_status == 200, owner_body
        assert owner_body["token"]
