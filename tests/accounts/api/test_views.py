"""Sign-up, token sign-in (with lockout and throttling) and the cooking profile."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from core.api.throttles import AuthThrottle
from tests.factories import PASSWORD
from tests.support.api import assert_error
from tests.support.api import token_client

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"
TOKEN = "/api/v1/auth/token/"
PROFILE = "/api/v1/profile/"
GOOD_PASSWORD = "a long kitchen passphrase"


def test_register_creates_an_account_and_returns_a_working_token(anon_client: APIClient) -> None:
    """A new cook signs up and can use the token at once."""
    response = anon_client.post(
        REGISTER, {"username": "carol", "email": "carol@example.com", "password": GOOD_PASSWORD}
    )

    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "carol"
    assert body["email"] == "carol@example.com"
    assert body["id"] == User.objects.get(username="carol").pk
    assert "password" not in body
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get(PROFILE).status_code == 200


@pytest.mark.parametrize("email", [None, ""])
def test_register_without_an_email_is_allowed_and_stores_none(
    anon_client: APIClient, email: str | None
) -> None:
    data = {"username": "dora", "password": GOOD_PASSWORD}
    if email is not None:
        data["email"] = email

    response = anon_client.post(REGISTER, data)

    assert response.status_code == 201, response.content
    assert response.json()["email"] == ""
    assert User.objects.get(username="dora").email == ""


@pytest.mark.parametrize(
    ("password", "fragment"),
    [("short", "too short"), ("1234567890123", "entirely numeric"), ("password123", "too common")],
)
def test_register_refuses_a_weak_password_with_a_field_error(
    anon_client: APIClient, password: str, fragment: str
) -> None:
    """The site's password rules apply to the API too, and say which rule failed."""
    response = anon_client.post(REGISTER, {"username": "dave", "password": password})

    error = assert_error(response, 400, "invalid")
    assert any(fragment in message for message in error["details"]["password"])
    assert not User.objects.filter(username="dave").exists()


def test_register_refuses_a_taken_username_whatever_its_case(
    anon_client: APIClient, user: Any
) -> None:
    response = anon_client.post(REGISTER, {"username": "ALICE", "password": GOOD_PASSWORD})

    error = assert_error(response, 400, "invalid")
    assert error["details"]["username"] == ["That username is taken. Please choose another."]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": GOOD_PASSWORD}, "username"),
        ({"username": "erin"}, "password"),
        ({"username": "erin", "email": "not-an-email", "password": GOOD_PASSWORD}, "email"),
        ({"username": "erin with spaces", "password": GOOD_PASSWORD}, "username"),
        ({"username": "x" * 151, "password": GOOD_PASSWORD}, "username"),
    ],
)
def test_register_reports_each_invalid_field(
    anon_client: APIClient, payload: dict[str, str], field: str
) -> None:
    error = assert_error(anon_client.post(REGISTER, payload), 400, "invalid")
    assert field in error["details"]


def test_token_is_returned_for_the_right_password(anon_client: APIClient, user: Any) -> None:
    response = anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200
    token = response.json()["token"]
    assert anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD}).json() == {
        "token": token
    }, "the same token every time"


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "alice", "password": "wrong password"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
def test_token_refuses_wrong_credentials_without_saying_which_part(
    anon_client: APIClient, user: Any, credentials: dict[str, str]
) -> None:
    error = assert_error(anon_client.post(TOKEN, credentials), 400, "invalid_credentials")
    assert error["message"] == "Wrong username or password."


def test_token_for_an_inactive_account_is_refused(anon_client: APIClient, user: Any) -> None:
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD})

    assert_error(response, 400, "invalid_credentials")


def test_repeated_wrong_passwords_lock_the_name_out_even_for_the_right_one(
    anon_client: APIClient, user: Any, settings: Any
) -> None:
    """Brute force is stopped by django-axes; the lockout answer is JSON, not a page."""
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        anon_client.post(TOKEN, {"username": "alice", "password": "guess"})

    response = anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD})

    error = assert_error(response, 429, "locked_out")
    assert error["message"].startswith("Too many failed sign-in attempts. Try again in")
    assert int(response["Retry-After"]) == error["details"]["retry_after"] > 0
    assert response["Content-Type"] == "application/json"


def test_a_successful_sign_in_forgets_earlier_failures_and_is_recorded(
    anon_client: APIClient, user: Any, settings: Any
) -> None:
    """Two typos, a success, two more typos: still not locked out with a limit of three."""
    settings.AXES_FAILURE_LIMIT = 3
    wrong = {"username": "alice", "password": "typo"}
    right = {"username": "alice", "password": PASSWORD}

    statuses = [
        anon_client.post(TOKEN, data).status_code for data in (wrong, wrong, right, wrong, wrong)
    ]

    assert statuses == [400, 400, 200, 400, 400]
    assert anon_client.post(TOKEN, right).status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None


def test_auth_endpoints_are_throttled_per_address_with_rate_limit_headers(
    anon_client: APIClient, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(AuthThrottle, "THROTTLE_RATES", {"auth": "2/hour"})

    first = anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD})
    anon_client.post(REGISTER, {"username": "frank", "password": GOOD_PASSWORD})
    third = anon_client.post(TOKEN, {"username": "alice", "password": PASSWORD})

    assert first.status_code == 200
    assert first["X-RateLimit-Limit"] == "2"
    assert first["X-RateLimit-Remaining"] == "1"
    assert int(first["X-RateLimit-Reset"]) > 0
    error = assert_error(third, 429, "throttled")
    assert int(third["Retry-After"]) > 0
    assert third["X-RateLimit-Remaining"] == "0"
    assert error["details"]["retry_after"] > 0


def test_sign_up_and_sign_in_ignore_a_session_without_csrf(user: Any) -> None:
    """A browser already signed in may still call these endpoints (no session, no CSRF check)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(TOKEN, {"username": "alice", "password": PASSWORD})

    assert response.status_code == 200


# --- profile ------------------------------------------------------------------------------------


def test_profile_needs_credentials(anon_client: APIClient) -> None:
    error = assert_error(anon_client.get(PROFILE), 401, "not_authenticated")
    assert "credentials" in error["message"]


def test_profile_is_read_with_a_token(user: Any) -> None:
    response = token_client(user).get(PROFILE)

    assert response.status_code == 200
    assert response.json() | {"updated_at": None} == {
        "diet": "none",
        "allergies": [],
        "disliked_ingredients": [],
        "favorite_cuisines": ["italian"],
        "skill_level": "beginner",
        "servings": 2,
        "max_minutes": 45,
        "language": "en",
        "updated_at": None,
    }


def test_profile_patch_changes_only_what_is_sent_and_cleans_lists(
    api_client: APIClient, user: Any
) -> None:
    response = api_client.patch(
        PROFILE,
        {"diet": "vegetarian", "allergies": [" Peanuts ", "peanuts", "", "sesame"], "servings": 4},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["diet"] == "vegetarian"
    assert body["allergies"] == ["Peanuts", "sesame"]
    assert body["servings"] == 4
    assert body["max_minutes"] == 45, "untouched"
    user.profile.refresh_from_db()
    assert user.profile.allergies == ["Peanuts", "sesame"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"servings": 0}, "servings"),
        ({"servings": 13}, "servings"),
        ({"max_minutes": 4}, "max_minutes"),
        ({"max_minutes": 481}, "max_minutes"),
        ({"language": "de"}, "language"),
        ({"diet": "carnivore"}, "diet"),
        ({"skill_level": "chef"}, "skill_level"),
        ({"allergies": "peanuts"}, "allergies"),
        ({"allergies": [f"item {i}" for i in range(31)]}, "allergies"),
        ({"favorite_cuisines": ["x" * 61]}, "favorite_cuisines"),
        ({"disliked_ingredients": [{"name": "okra"}]}, "disliked_ingredients"),
    ],
)
def test_profile_patch_refuses_invalid_values_and_keeps_the_profile(
    api_client: APIClient, user: Any, payload: dict[str, Any], field: str
) -> None:
    error = assert_error(api_client.patch(PROFILE, payload, format="json"), 400, "invalid")

    assert field in error["details"]
    user.profile.refresh_from_db()
    assert (user.profile.servings, user.profile.max_minutes, user.profile.allergies) == (2, 45, [])
