"""The API answers in Accept-Language's language, else the profile's, else the default."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def speaks(user: Any, language: str) -> None:
    """Save the profile's language (on the instance the forced-authentication client uses)."""
    user.profile.language = language
    user.profile.save()


def test_the_header_decides_the_language_of_an_answer(api_client: APIClient, user: Any) -> None:
    speaks(user, "en")
    response = api_client.get("/api/v1/profile/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"


def test_without_the_header_the_profile_decides(api_client: APIClient, user: Any) -> None:
    speaks(user, "ru")
    assert api_client.get("/api/v1/profile/")["Content-Language"] == "ru"
    speaks(user, "en")
    assert api_client.get("/api/v1/profile/")["Content-Language"] == "en"


def test_a_header_naming_neither_language_falls_back_to_the_profile(
    api_client: APIClient, user: Any
) -> None:
    speaks(user, "ru")
    response = api_client.get("/api/v1/profile/", headers={"accept-language": "de"})
    assert response["Content-Language"] == "ru"


def test_signed_out_without_the_header_the_default_decides(
    anon_client: APIClient, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "ru"
    response = anon_client.get("/api/v1/profile/")
    assert response.status_code == 401
    assert response["Content-Language"] == "ru"


def test_our_error_messages_are_translated(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/recipes/?page=x", headers={"accept-language": "ru"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"] == "Некоторые поля заполнены неверно."
    assert error["details"] == {"page": ["Номер страницы должен быть целым числом от 1."]}
    english = api_client.get("/api/v1/recipes/?page=x", headers={"accept-language": "en"})
    assert english.json()["error"]["message"] == "Some fields are invalid."


def test_drfs_own_error_messages_are_translated(anon_client: APIClient) -> None:
    response = anon_client.get("/api/v1/profile/", headers={"accept-language": "ru"})
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Учетные данные не были предоставлены."
    assert response["Content-Language"] == "ru"


def test_a_field_error_is_in_the_profiles_language_without_the_header(
    api_client: APIClient, user: Any, recipe: Any
) -> None:
    speaks(user, "ru")
    response = api_client.post(f"/api/v1/recipes/{recipe.pk}/reviews/", {"rating": 9})
    assert response.status_code == 400
    assert response["Content-Language"] == "ru"
    body = response.json()["error"]
    assert body["message"] == "Некоторые поля заполнены неверно."
    assert body["details"] == {"rating": ["Убедитесь, что это значение меньше либо равно 5."]}
