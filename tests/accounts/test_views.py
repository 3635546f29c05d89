"""Sign up, log in (and the lockout), log out, and the cooking profile (and what each allergy is
checked against)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Profile
from accounts.models import User
from tests.factories import PASSWORD
from tests.support.pages import missing
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-kitchen-passphrase-42"


def _sign_up(client: Client, **overrides: str) -> Any:
    data = {
        "username": "carol",
        "email": "carol@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }
    return client.post("/accounts/signup/", data)


def test_signing_up_creates_the_account_and_profile_and_signs_in(client: Client) -> None:
    """After sign-up the cook is signed in and sent to fill in the profile."""
    response = _sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user = User.objects.get(username="carol")
    assert user.email == "carol@example.com"
    assert Profile.objects.filter(user=user).exists()
    page = text_of(client.get("/accounts/profile/"))
    assert "Welcome! Tell us how you cook" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something-else-entirely"}, "The two password fields didn’t match."),
        ({"password1": "short", "password2": "short"}, "This password is too short"),
        ({"email": ""}, "This field is required."),
        ({"username": "alice"}, "A user with that username already exists."),
    ],
    ids=["passwords-differ", "password-too-short", "email-missing", "username-taken"],
)
def test_sign_up_problems_are_explained_next_to_the_fields(
    client: Client, user: Any, overrides: dict[str, str], message: str
) -> None:
    response = _sign_up(client, **overrides)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not User.objects.filter(username="carol").exists()


def test_signed_in_cooks_visiting_sign_up_go_home(cook: Client) -> None:
    assert cook.get("/accounts/signup/")["Location"] == "/"


def test_logging_in_with_the_right_password_goes_home(client: Client, user: Any) -> None:
    response = client.post(
        "/accounts/login/", {"username": "alice", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"] == user


def test_a_wrong_password_is_explained(client: Client, user: Any) -> None:
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Your username and password did not match" in text_of(response)


def test_too_many_failed_log_ins_lock_the_account_for_a_while(
    client: Client, user: Any, settings: Any
) -> None:
    """After the failure limit even the right password is refused, with a plain message."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts, try again in 15 minutes" in text_of(response)
    assert "_auth_user_id" not in client.session


def test_logging_out_is_a_post_and_ends_the_session(cook: Client) -> None:
    response = cook.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in cook.session


PROFILE = {
    "diet": "none",
    "skill_level": "beginner",
    "servings": "2",
    "max_minutes": "30",
    "language": "en",
}


def _save_profile(client: Client, *, follow: bool = False, **fields: str) -> Any:
    """Send the profile form: a valid one, changed by `fields`."""
    return client.post("/accounts/profile/", {**PROFILE, **fields}, follow=follow)


def test_the_profile_shows_what_is_saved(cook: Client, user: Any) -> None:
    Profile.objects.filter(user=user).update(allergies=["peanuts", "shellfish"], max_minutes=30)
    response = cook.get("/accounts/profile/")
    page = text_of(response)
    assert 'value="peanuts, shellfish"' in page
    assert 'name="max_minutes" value="30"' in page


def test_saving_the_profile_keeps_lists_from_comma_separated_text(cook: Client, user: Any) -> None:
    response = _save_profile(
        cook,
        follow=True,
        diet="vegetarian",
        allergies="Peanuts, shellfish,  peanuts ,",
        disliked_ingredients="coriander",
        favorite_cuisines="thai, italian",
        skill_level="intermediate",
        servings="4",
        max_minutes="40",
        language="ru",
    )
    assert "Your profile is saved." in text_of(response)
    profile = Profile.objects.get(user=user)
    assert profile.diet == "vegetarian"
    assert profile.allergies == ["Peanuts", "shellfish"]
    assert profile.favorite_cuisines == ["thai", "italian"]
    assert (profile.servings, profile.max_minutes, profile.language) == (4, 40, "ru")


def test_profile_values_out_of_range_are_refused_in_plain_words(cook: Client, user: Any) -> None:
    response = _save_profile(cook, servings="40", max_minutes="2")
    assert response.status_code == 400
    page = text_of(response)
    assert "Ensure this value is less than or equal to 12." in page
    assert "Ensure this value is greater than or equal to 5." in page
    assert Profile.objects.get(user=user).servings == 2


def test_the_profile_needs_a_signed_in_cook(client: Client) -> None:
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_no_password_reset_form_that_would_need_a_mail_server(client: Any) -> None:
    """Without a mail server a reset form could only fail; the site does not offer one."""
    assert client.get("/accounts/password_reset/").status_code == 404


def test_the_profile_page_says_what_each_allergy_is_checked_against(
    cook: Client, user: Any
) -> None:
    user.profile.allergies = ["peanut allergy", "kiwi", "арахис"]
    user.profile.diet = "vegan"
    user.profile.save()
    page = text_of(cook.get("/accounts/profile/"))
    assert not missing(
        page,
        [
            "“peanut allergy”</strong> is checked as Peanuts",
            "“арахис”</strong> is checked as Peanuts",
            "“kiwi”</strong> is not in our food list",
            "checked <strong>only as you typed it</strong>",
            "<strong>Vegan</strong>: no meat, poultry",
            "If your allergy is severe, read every recipe before you cook it",
        ],
    )


def test_the_severe_allergy_advice_is_there_with_no_allergies_too(cook: Client) -> None:
    page = text_of(cook.get("/accounts/profile/"))
    assert "recipes are not checked for any" in page
    assert "If your allergy is severe, read every recipe before you cook it" in page


def test_the_sign_up_form_promises_no_password_reset_the_site_does_not_offer(
    client: Client,
) -> None:
    """There is no password reset yet, so the e-mail's help must not promise one."""
    page = text_of(client.get("/accounts/signup/")).lower()
    assert "email" in page
    assert "reset" not in page
    assert "never shown to other people" in page
