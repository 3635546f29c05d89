"""The language switch in a real browser, and the page scripts speaking the page's language."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import expect

from accounts.models import Profile
from tests.browser.helpers import PHONE
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import sign_up
from tests.factories import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_to_russian_changes_the_page_the_profile_and_the_scripts_words(
    chromium: Browser, live_server: Any, settings: Any
) -> None:
    settings.MAX_UPLOAD_MB = 1
    page = chromium.new_context(viewport=PHONE, locale="en-US").new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "masha")
    page.goto(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", name="Что у вас в холодильнике?")).to_be_visible()
    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "ru"
    assert Profile.objects.get(user__username="masha").language == "ru"

    page.get_by_label("Фото холодильника или продуктов").set_input_files(
        {"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes() + b"\0" * 2**20}
    )
    expect(
        page.get_by_text("Фото больше 1 МБ. Выберите, пожалуйста, фото поменьше.")
    ).to_be_visible()
    assert errors.messages == []


def test_a_russian_browser_gets_russian_pages_before_anyone_signs_in(
    chromium: Browser, live_server: Any
) -> None:
    page = chromium.new_context(viewport=PHONE, locale="ru-RU").new_page()
    page.goto(f"{live_server.url}/")
    expect(
        page.get_by_role("heading", name="Сфотографируйте холодильник — получите идеи для ужина.")
    ).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(
        page.get_by_role("heading", name="Take a photo of your fridge. Get dinner ideas.")
    ).to_be_visible()
    page.reload()
    expect(
        page.get_by_role("heading", name="Take a photo of your fridge. Get dinner ideas.")
    ).to_be_visible()
