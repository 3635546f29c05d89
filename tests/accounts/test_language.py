"""Which language a page is in, and the header's switch that changes it (docs/i18n.md)."""

from __future__ import annotations

import json
import re
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Profile
from tests.factories import RecipeFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)">', text_of(response))
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_a_visitor_reads_the_language_their_browser_asks_for(client: Client) -> None:
    assert html_lang(client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})) == "ru"
    english = client.get("/", headers={"accept-language": "en-GB,en;q=0.8"})
    assert html_lang(english) == "en"
    assert english["Content-Language"] == "en"


def test_a_browser_asking_for_neither_language_gets_the_default(
    client: Client, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "ru"
    response = client.get("/", headers={"accept-language": "de-DE,de;q=0.9"})
    assert html_lang(response) == "ru"
    assert response["Content-Language"] == "ru"


def test_the_switch_keeps_a_visitors_choice_in_a_cookie_and_returns_to_the_page(
    client: Client,
) -> None:
    response = client.post(
        "/accounts/language/",
        {"language": "ru", "next": "/accounts/login/?next=/history/"},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/history/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    # The choice wins over the browser's header from then on.
    assert html_lang(client.get("/accounts/login/", headers={"accept-language": "en"})) == "ru"


def test_the_switch_refuses_to_send_a_person_to_another_site(client: Client) -> None:
    response = client.post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_switch_saves_a_signed_in_persons_profile_language(cook: Client, user: Any) -> None:
    response = cook.post("/accounts/language/", {"language": "ru", "next": "/profile/"})
    assert response.status_code == 302
    assert Profile.objects.get(user=user).language == "ru"


def test_a_signed_in_persons_profile_language_wins_over_the_browser(
    cook: Client, user: Any
) -> None:
    Profile.objects.filter(user=user).update(language="ru")
    assert html_lang(cook.get("/history/", headers={"accept-language": "en"})) == "ru"
    Profile.objects.filter(user=user).update(language="en")
    assert html_lang(cook.get("/history/", headers={"accept-language": "ru"})) == "en"


def test_every_page_offers_the_switch_marked_with_the_current_language(client: Client) -> None:
    page = text_of(client.get("/accounts/login/", headers={"accept-language": "ru"}))
    assert 'action="/accounts/language/"' in page
    assert re.search(r'value="ru" lang="ru" class="language-button" aria-pressed="true"', page)
    assert re.search(r'value="en" lang="en" class="language-button" aria-pressed="false"', page)
    assert '<input type="hidden" name="next" value="/accounts/login/">' in page


def test_signing_up_keeps_the_language_the_person_was_reading(client: Client) -> None:
    client.post(
        "/accounts/signup/",
        {
            "username": "masha",
            "email": "masha@example.com",
            "password1": "borscht-and-blini-42",
            "password2": "borscht-and-blini-42",
        },
        headers={"accept-language": "ru"},
    )
    assert Profile.objects.get(user__username="masha").language == "ru"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_javascript_catalogue_is_served_per_language_and_cacheable(
    client: Client, language: str
) -> None:
    response = client.get(f"/jsi18n/{language}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Language"] == language
    assert "max-age=3600" in response["Cache-Control"]
    assert client.get("/jsi18n/de/").status_code == 404


def test_the_page_loads_the_catalogue_of_its_own_language(client: Client) -> None:
    page = text_of(client.get("/", headers={"accept-language": "ru"}))
    assert '<script src="/jsi18n/ru/" defer></script>' in page


# --- what the pages say in each language ---------------------------------------------------------


def test_a_russian_browser_reads_the_landing_page_in_russian(client: Client) -> None:
    page = text_of(client.get("/", headers={"accept-language": "ru"}))
    assert "Сфотографируйте холодильник — получите идеи для ужина." in page
    assert "Take a photo of your fridge" not in page
    english = text_of(client.get("/", headers={"accept-language": "en"}))
    assert "Take a photo of your fridge. Get dinner ideas." in english
    assert "Сфотографируйте" not in english


def test_a_russian_profile_reads_the_signed_in_pages_in_russian(cook: Client, user: Any) -> None:
    Profile.objects.filter(user=user).update(language="ru")
    page = text_of(cook.get("/", headers={"accept-language": "en"}))
    assert "Что у вас в холодильнике?" in page
    assert ">Выйти</button>" in page
    profile = text_of(cook.get("/accounts/profile/", headers={"accept-language": "en"}))
    assert "Ваш кулинарный профиль" in profile
    assert "Без ограничений" in profile  # a choice of the diet field


def test_flash_messages_are_in_the_readers_language(cook: Client, user: Any) -> None:
    Profile.objects.filter(user=user).update(language="ru")
    response = cook.post("/accounts/language/", {"language": "ru", "next": "/accounts/profile/"})
    assert response.status_code == 302
    data = {
        "diet": "none",
        "allergies": "",
        "disliked_ingredients": "",
        "favorite_cuisines": "",
        "skill_level": "beginner",
        "servings": "2",
        "max_minutes": "30",
        "language": "ru",
    }
    page = text_of(cook.post("/accounts/profile/", data, follow=True))
    assert "Профиль сохранён." in page


@pytest.mark.parametrize(
    ("recipes", "russian", "english"),
    [
        (1, "1 рецепт<", "1 recipe<"),
        (2, "2 рецепта<", "2 recipes<"),
        (5, "5 рецептов<", "5 recipes<"),
        (11, "11 рецептов<", "11 recipes<"),
        (21, "21 рецепт<", "21 recipes<"),
    ],
)
def test_counts_take_the_plural_form_of_each_language(
    cook: Client, user: Any, recipes: int, russian: str, english: str
) -> None:
    for _ in range(recipes):
        RecipeFactory(user=user)
    Profile.objects.filter(user=user).update(language="ru")
    assert russian in text_of(cook.get("/recipes/"))
    Profile.objects.filter(user=user).update(language="en")
    assert english in text_of(cook.get("/recipes/"))


def test_dates_are_written_the_way_each_language_writes_them(cook: Client, user: Any) -> None:
    recipe = RecipeFactory(user=user, created_at=datetime(2026, 3, 8, 12, 0, tzinfo=UTC))
    Profile.objects.filter(user=user).update(language="ru")
    assert "8 марта 2026" in text_of(cook.get(recipe.get_absolute_url()))
    Profile.objects.filter(user=user).update(language="en")
    assert "8 Mar 2026" in text_of(cook.get(recipe.get_absolute_url()))


def test_the_javascript_catalogue_carries_the_russian_words(client: Client) -> None:
    """static/js/site.js asks the catalogue for its words; the Russian one has them all."""
    catalogue = client.get("/jsi18n/ru/").content.decode()
    for english, russian in [
        ("That did not work. Please try again.", "Не получилось. Попробуйте ещё раз."),
        ("Add to favourites", "В избранное"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(russian)}" in catalogue
    assert "Не получилось" not in client.get("/jsi18n/en/").content.decode()
