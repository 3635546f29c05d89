"""Getting in: lockout after failed log-ins that lifts by itself, strong passwords, job budgets."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from core.api.throttles import JobIPThrottle
from core.api.throttles import JobUserThrottle
from recipes.models import Generation
from tests.factories import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def log_in(client: Client, password: str) -> Any:
    return client.post("/accounts/login/", {"username": "alice", "password": password})


def test_the_lockout_after_failed_log_ins_expires_after_the_cool_off(
    user: Any, settings: Any
) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    client = Client()
    answers = [
        log_in(client, "wrong password").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert log_in(client, PASSWORD).status_code == 429, "locked: even the right password"
    assert "_auth_user_id" not in client.session

    time.sleep(2.2)
    response = log_in(client, PASSWORD)
    assert response.status_code == 302, "the cool-off is over: the right password works"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_api_token_endpoint_shares_the_lockout_with_the_log_in_page(
    user: Any, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong password")
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code in (403, 429)
    assert "token" not in response.json()


@pytest.mark.parametrize("password", ["password123", "1234567890", "alice-alice", "short1!"])
def test_weak_passwords_are_refused_by_the_validators(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, user=UserFactory.build(username="alice-alice"))


def test_sign_up_with_password123_is_refused_and_creates_no_account() -> None:
    response = Client().post(
        "/accounts/signup/",
        {
            "username": "newcook",
            "email": "newcook@example.com",
            "password1": "password123",
            "password2": "password123",
        },
    )
    assert response.status_code == 400
    assert "This password is too common." in response.content.decode()
    assert not UserFactory._meta.model.objects.filter(username="newcook").exists()


# --- job budgets on the pages (the API's are tested in tests/core/api/test_throttles.py) ---------


def cook(username: str, ip: str) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(UserFactory(username=username))
    return client


def ask_for_recipes(client: Client) -> Any:
    return client.post("/generations/new/", {"ingredients": "eggs, spinach", "count": "1"})


def assert_limited(response: Any, limit: int) -> None:
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert wait > 0
    assert f"try again in {wait} s" in response.content.decode()
    assert response["X-RateLimit-Limit"] == str(limit)
    assert response["X-RateLimit-Remaining"] == "0"
    assert int(response["X-RateLimit-Reset"]) > time.time()


def test_pages_limit_jobs_per_person_with_retry_after_and_rate_limit_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(JobUserThrottle, "rate", "2/hour", raising=False)
    alice = cook("alice", "10.0.0.1")
    assert ask_for_recipes(alice).status_code == 302
    assert ask_for_recipes(alice).status_code == 302
    assert_limited(ask_for_recipes(alice), 2)
    assert Generation.objects.count() == 2
    assert ask_for_recipes(cook("bob", "10.0.0.2")).status_code == 302, "others are not slowed"


def test_pages_limit_jobs_per_address_across_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """New accounts from one address do not get a fresh budget each."""
    monkeypatch.setattr(JobIPThrottle, "rate", "3/hour", raising=False)
    for name in ("one", "two", "three"):
        assert ask_for_recipes(cook(name, "10.0.0.9")).status_code == 302
    assert_limited(ask_for_recipes(cook("four", "10.0.0.9")), 3)
    assert ask_for_recipes(cook("five", "10.0.0.10")).status_code == 302


def test_the_page_and_the_api_share_one_budget_per_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(JobIPThrottle, "rate", "2/hour", raising=False)
    assert ask_for_recipes(cook("one", "127.0.0.1")).status_code == 302
    api = APIClient()
    api.force_authenticate(UserFactory(username="two"))
    body = {"ingredients": ["eggs"], "count": 1}
    assert api.post("/api/v1/generations/", body, format="json").status_code == 202
    response = api.post("/api/v1/generations/", body, format="json")
    assert response.status_code == 429
    assert response["Retry-After"] and response["X-RateLimit-Remaining"] == "0"
