"""Create the first superuser from the environment, once; safe to run on every deploy.

The container entrypoint can call this unconditionally: when the account exists nothing changes
(its password in particular is never reset from a stale variable), and a missing variable stops
with its name instead of creating a half-configured account.
"""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.services import profile_get

VARIABLES = ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD")


class Command(BaseCommand):
    help = (
        "Create the first superuser from DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and "
        "DJANGO_SUPERUSER_PASSWORD; does nothing when that user already exists."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        values = {name: os.environ.get(name, "").strip() for name in VARIABLES}
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise CommandError(f"Set {', '.join(missing)} in the environment (see .env.example).")
        username = values["DJANGO_SUPERUSER_USERNAME"]
        email = values["DJANGO_SUPERUSER_EMAIL"]
        password = os.environ["DJANGO_SUPERUSER_PASSWORD"]

        user_model = get_user_model()
        if user_model._default_manager.filter(username=username).exists():
            self.stdout.write(f"Superuser {username!r} already exists; nothing changed.")
            return

        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                f"DJANGO_SUPERUSER_EMAIL is not an email address: {email!r}"
            ) from None
        candidate = user_model(username=username, email=email)
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            raise CommandError(
                "DJANGO_SUPERUSER_PASSWORD is too weak: " + " ".join(exc.messages)
            ) from None

        with transaction.atomic():
            user = user_model._default_manager.create_superuser(
                username=username, email=email, password=password
            )
            # Staff cook too: the site's pages expect every account to have a profile.
            profile_get(user=user)
        self.stdout.write(self.style.SUCCESS(f"Superuser {username!r} created."))
