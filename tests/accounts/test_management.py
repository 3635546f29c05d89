"""`manage.py ensure_superuser`: the first staff account comes from the environment, once."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from accounts.models import Profile
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "DJANGO_SUPERUSER_USERNAME": "chef-admin",
    "DJANGO_SUPERUSER_EMAIL": "ops@example.com",
    "DJANGO_SUPERUSER_PASSWORD": "saffron-risotto-at-nine",
}


@pytest.fixture
def environment(monkeypatch: Any) -> Any:
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def run() -> str:
    out = io.StringIO()
    call_command("ensure_superuser", stdout=out)
    return out.getvalue()


def test_creates_a_superuser_who_can_sign_in(environment: Any) -> None:
    assert "Superuser 'chef-admin' created." in run()
    user = User.objects.get(username="chef-admin")
    assert (user.is_superuser, user.is_staff, user.email) == (True, True, "ops@example.com")
    assert user.check_password(GOOD["DJANGO_SUPERUSER_PASSWORD"])
    assert Profile.objects.filter(user=user).exists()


def test_running_it_again_changes_nothing(environment: Any) -> None:
    """A later deploy with another password in the environment does not reset the account."""
    run()
    environment.setenv("DJANGO_SUPERUSER_PASSWORD", "a-different-long-password")
    assert "already exists; nothing changed" in run()
    assert User.objects.filter(username="chef-admin").count() == 1
    assert User.objects.get(username="chef-admin").check_password(GOOD["DJANGO_SUPERUSER_PASSWORD"])


def test_an_existing_ordinary_account_is_not_promoted(environment: Any) -> None:
    UserFactory(username="chef-admin")
    run()
    assert User.objects.get(username="chef-admin").is_superuser is False


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_a_missing_variable_is_named(environment: Any, missing: str) -> None:
    environment.delenv(missing)
    with pytest.raises(CommandError, match=missing):
        run()
    assert not User.objects.filter(is_superuser=True).exists()


def test_a_blank_variable_counts_as_missing(environment: Any) -> None:
    environment.setenv("DJANGO_SUPERUSER_USERNAME", "   ")
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_USERNAME"):
        run()


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("DJANGO_SUPERUSER_PASSWORD", "short", "too weak"),
        ("DJANGO_SUPERUSER_PASSWORD", "password123", "too weak"),
        ("DJANGO_SUPERUSER_EMAIL", "not-an-email", "not an email address"),
    ],
)
def test_a_weak_password_or_bad_email_is_refused(
    environment: Any, name: str, value: str, says: str
) -> None:
    environment.setenv(name, value)
    with pytest.raises(CommandError, match=says):
        run()
    assert not User.objects.filter(username="chef-admin").exists()
