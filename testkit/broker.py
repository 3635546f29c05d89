"""The RabbitMQ of this run: its URL, a virtual host of its own, and emptying queues.

Every run that starts workers (the test suite, the load test, the benchmarks) works in a
RabbitMQ virtual host made for it, so two runs on one machine never take each other's jobs even
though their queues have the same names. The host is made with `rabbitmqctl` (the broker on
this machine) and removed when the run ends; one left behind by a killed run is removed by the
next run that makes one. A URL that already names a virtual host other than `/` is used as it
is: whoever gave it chose a host of their own.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import threading
from typing import Any
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

DEFAULT_RABBIT = "amqp://guest:guest@127.0.0.1:5672//"
QUEUES = ("vision", "recipes")
VHOST_PREFIX = "chef-run-"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def rabbit_url() -> str:
    """CELERY_BROKER_URL when it is an AMQP URL, else guest@127.0.0.1:5672/."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("amqp://") else DEFAULT_RABBIT


def vhost_of(url: str) -> str:
    """The virtual host an AMQP URL names ("/" when it names none)."""
    path = urlsplit(url).path
    return unquote(path[1:]) if len(path) > 1 else "/"


def with_vhost(url: str, vhost: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + quote(vhost, safe="")))


def broker_reachable(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return False
    return True


def purge_queues(url: str, queues: tuple[str, ...] = QUEUES) -> None:
    """Drop every message waiting in `queues`, so a run sees only its own jobs."""
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        for name in queues:
            channel: Any = conn.channel()
            with contextlib.suppress(Exception):  # the queue does not exist: nothing to purge
                channel.queue_purge(name)


def _rabbitmqctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["rabbitmqctl", *args], capture_output=True, text=True, timeout=60, check=False
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _left_behind(names: list[str]) -> list[str]:
    """Hosts of ours whose run (the pid in the name) is no longer alive."""
    stale = []
    for name in names:
        if not name.startswith(VHOST_PREFIX):
            continue
        pid = name[len(VHOST_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            stale.append(name)
    return stale


class PrivateVhost:
    """A virtual host of this run's own on the local RabbitMQ: `url` names it.

    `start()` makes it in the background (rabbitmqctl takes a second or two a call) and `ready()`
    waits for it; `close()` removes it. Where the URL already names a host of its own, or the
    broker is not on this machine, or rabbitmqctl is missing, `url` is the URL given and
    nothing is made (`reason` says why).
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.reason = ""
        self.name = ""
        self._thread: threading.Thread | None = None
        self._error = ""
        host = urlsplit(base_url).hostname or ""
        if vhost_of(base_url) != "/":
            self.reason = "the broker URL names a virtual host of its own"
        elif host not in LOCAL_HOSTS:
            self.reason = f"the broker is on {host}, not this machine"
        elif shutil.which("rabbitmqctl") is None:
            self.reason = "rabbitmqctl is not installed"
        else:
            self.name = f"{VHOST_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
        self.url = with_vhost(base_url, self.name) if self.name else base_url

    def start(self) -> PrivateVhost:
        if self.name:
            self._thread = threading.Thread(target=self._make, daemon=True)
            self._thread.start()
        return self

    def _make(self) -> None:
        user = unquote(urlsplit(self.base_url).username or "guest")
        made = _rabbitmqctl("add_vhost", self.name)
        if made.returncode:
            self._error = made.stderr.strip() or made.stdout.strip()
            return
        granted = _rabbitmqctl("set_permissions", "-p", self.name, user, ".*", ".*", ".*")
        if granted.returncode:
            self._error = granted.stderr.strip() or granted.stdout.strip()
            return
        listed = _rabbitmqctl("list_vhosts", "--quiet", "--no-table-headers", "name")
        for stale in _left_behind(listed.stdout.split()):
            _rabbitmqctl("delete_vhost", stale)

    def ready(self, timeout: float = 60.0) -> str:
        """Wait until the host exists; its URL. Raises RuntimeError when it could not be made."""
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"rabbitmqctl did not make {self.name} within {timeout:g} s")
        if self._error:
            raise RuntimeError(f"could not make RabbitMQ virtual host {self.name}: {self._error}")
        return self.url

    def close(self) -> None:
        if self.name:
            with contextlib.suppress(Exception):
                if self._thread is not None:
                    self._thread.join(60)
                _rabbitmqctl("delete_vhost", self.name)

    def __enter__(self) -> str:
        return self.start().ready()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
