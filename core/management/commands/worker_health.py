"""`manage.py worker_health --node vision@host`: the worker container's health check.

Healthy means the worker answers a ping through the broker *and* the database its tasks write to
answers a query with the same settings. A ping alone said "healthy" while every job failed on a
dead database connection; the worker now renews such a connection before each task, so a
database that cannot be reached is what remains to be noticed, and this says so by name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser
from django.db import DatabaseError
from django.db import connection


class Command(BaseCommand):
    help = "Exit 0 when the named Celery worker answers a ping and the database answers a query."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--node", required=True, help="The worker's node name, name@host.")
        parser.add_argument("--timeout", type=float, default=10.0)

    def handle(self, *args: Any, **options: Any) -> None:
        from celery import current_app as app

        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            raise CommandError(f"database unreachable: {exc}") from exc
        replies = app.control.ping(destination=[options["node"]], timeout=options["timeout"])
        if not any(options["node"] in reply for reply in replies or []):
            raise CommandError(f"worker {options['node']} did not answer a ping")
        self.stdout.write(f"ok: {options['node']} and the database answer")
