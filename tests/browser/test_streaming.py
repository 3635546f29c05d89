"""Recipes arriving one by one on the page, in Chromium: the live server, a worker on RabbitMQ
and the fake Ollama streaming slowly; the card animation and the Cancel button."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from accounts.models import User
from core.jobs import JobStatus
from recipes.models import Generation
from testkit.recipes import script_slow_recipes
from tests.browser.helpers import DESKTOP
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import mark_page
from tests.browser.helpers import sign_up
from tests.browser.helpers import still_same_page
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THREE = ("Shakshuka", "Tomato omelette", "Egg fried rice")
LIVE_CARDS = "[data-live-list=recipes] [data-live-item]"


def ask_for_recipes(page: Page, base_url: str, ingredients: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_label("Your ingredients").fill(ingredients)
    page.get_by_role("button", name="Get recipes").click()
    page.wait_for_url(re.compile(r"/generations/\d+/$"))


@pytest.mark.broker
@pytest.mark.slow
@pytest.mark.usefixtures("worker")
def test_the_first_recipe_card_is_on_screen_long_before_the_last_is_written(
    chromium: Browser, live_server: Any, fake_ollama: Any
) -> None:
    script_slow_recipes(fake_ollama, *THREE, seconds=6)
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.set_default_timeout(30_000)
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "streaming_cook")

    ask_for_recipes(page, live_server.url, "tomato, eggs, rice")
    mark_page(page)
    cancel = page.get_by_role("button", name="Cancel")
    expect(cancel).to_be_visible()
    counts: list[tuple[float, int, bool]] = []  # (when, cards on screen, still running)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        running = cancel.count() > 0
        counts.append((time.time(), page.locator(LIVE_CARDS).count(), running))
        if not running:
            break
        page.wait_for_timeout(50)
    expect(page.get_by_role("heading", name="Your recipes")).to_be_visible()
    done = time.time()

    asked = [r for r in fake_ollama.requests_to("/api/chat") if (r.json or {}).get("messages")]
    start = asked[0].received_at
    first = next(when for when, cards, running in counts if cards >= 1 and running)
    assert (first - start) < 0.6 * (done - start), (first - start, done - start)
    assert [cards for _, cards, running in counts if running and cards].count(1) >= 1
    assert any(cards == 2 for _, cards, running in counts if running), "one by one"
    expect(page.locator(".recipe-card")).to_have_count(3)
    assert [t.strip() for t in page.locator(".recipe-card .card-title").all_inner_texts()] == list(
        THREE
    )
    assert still_same_page(page), "the cards arrive without reloading the page"
    assert errors.messages == []


def running_generation_with_a_card(username: str) -> Generation:
    generation = GenerationFactory(
        user=User.objects.get(username=username), status=JobStatus.RUNNING, progress=40
    )
    RecipeFactory(user=generation.user, generation=generation, title="Shakshuka")
    return generation


@pytest.mark.parametrize(
    ("motion", "animation"), [("no-preference", "card-arrives"), ("reduce", "none")]
)
def test_a_new_card_eases_in_unless_the_person_asked_for_less_motion(
    chromium: Browser, live_server: Any, motion: str, animation: str
) -> None:
    page = chromium.new_context(viewport=DESKTOP, reduced_motion=motion).new_page()  # type: ignore[arg-type]
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, f"motion_{motion.replace('-', '_')}")
    generation = running_generation_with_a_card(f"motion_{motion.replace('-', '_')}")

    page.goto(f"{live_server.url}/generations/{generation.pk}/")

    card = page.locator(LIVE_CARDS).first
    expect(card).to_be_visible()
    assert card.evaluate("li => getComputedStyle(li).animationName") == animation
    assert errors.messages == []


def test_the_cancel_button_stops_the_request_and_offers_retry(
    chromium: Browser, live_server: Any
) -> None:
    page = chromium.new_context(viewport=DESKTOP).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "cancelling_cook")
    generation = running_generation_with_a_card("cancelling_cook")
    page.goto(f"{live_server.url}/generations/{generation.pk}/")
    expect(page.locator("#job-status")).to_be_visible()

    page.get_by_role("button", name="Cancel").click()

    expect(page.get_by_role("heading", name="Recipe request cancelled")).to_be_visible()
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    expect(page.get_by_role("link", name="Shakshuka")).to_be_visible()
    generation.refresh_from_db()
    assert generation.status == JobStatus.CANCELLED
    assert errors.messages == []
