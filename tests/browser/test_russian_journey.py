"""A Russian cook's journey on a phone: every page, every word the model writes, in Russian.

Real parts: the live server, a Celery worker on RabbitMQ, the fake Ollama over HTTP (answering
in the language the prompt asks for). Screenshots of each step are kept in var/test-artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from accounts.models import Profile
from tests.browser.helpers import PHONE
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import no_horizontal_scroll
from tests.browser.helpers import sign_up
from tests.browser.helpers import wait_for_ingredients
from tests.browser.test_pages import SHOTS
from tests.browser.test_pages import latin_words
from tests.factories import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.broker, pytest.mark.slow]


class Steps:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        (SHOTS / "ru-journey").mkdir(parents=True, exist_ok=True)

    def check(self, name: str) -> None:
        english = latin_words(self.page)
        if english:
            self.problems.append(f"{name}: English on a Russian page: {english}")
        if not no_horizontal_scroll(self.page):
            self.problems.append(f"{name}: wider than the phone")
        self.page.screenshot(path=str(SHOTS / "ru-journey" / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker")
def test_a_russian_cook_reads_only_russian_from_photo_to_recipe(
    chromium: Browser, live_server: Any, fake_ollama: Any, tmp_path: Path
) -> None:
    base = live_server.url
    photo = tmp_path / "fridge.jpg"
    photo.write_bytes(jpeg_bytes())
    page = chromium.new_context(viewport=PHONE, device_scale_factor=2).new_page()
    page.set_default_timeout(20_000)
    errors = ConsoleErrors().attach(page)
    steps = Steps(page)

    sign_up(page, base, "masha")
    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", name="Ваш кулинарный профиль")).to_be_visible()
    assert Profile.objects.get(user__username="masha").language == "ru"
    steps.check("1-profile")

    page.goto(f"{base}/")
    steps.check("2-home")
    page.get_by_label("Фото холодильника или продуктов").set_input_files(str(photo))
    page.get_by_role("button", name="Найти продукты").click()
    page.wait_for_url(re.compile(r"/scans/\d+/$"))
    wait_for_ingredients(page)
    names = page.locator("input.ingredient-name").evaluate_all("els => els.map(e => e.value)")
    assert names and all(re.fullmatch(r"[а-яё ,-]+", n) for n in names), names
    steps.check("3-ingredients")

    page.get_by_role("button", name="Получить рецепты").click()
    page.wait_for_url(re.compile(r"/generations/\d+/$"))
    expect(page.locator("#job-status .stage")).to_have_text(
        re.compile(r"В очереди|Пишем рецепт \d из 3|Пишем ваши рецепты")
    )
    cards = page.locator(".recipe-card")
    expect(cards.first).to_be_visible(timeout=30_000)
    expect(page.locator("#job-status")).to_have_count(0, timeout=30_000)
    steps.check("4-recipes")

    cards.first.locator(".card-title a").click()
    page.wait_for_url(re.compile(r"/recipes/\d+/$"))
    steps.check("5-recipe")
    page.goto(f"{base}/history/")
    steps.check("6-history")
    assert not steps.problems, "\n".join(steps.problems)
    assert errors.messages == []
