"""The whole journey of a cook in Chromium, on a phone and on a desktop.

Real parts all the way: the live Django server, a Celery worker on RabbitMQ, the fake Ollama
over HTTP, and a browser that runs our scripts under the site's strict CSP.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PHONE
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import ingredient_names
from tests.browser.helpers import ingredient_row
from tests.browser.helpers import mark_page
from tests.browser.helpers import no_horizontal_scroll
from tests.browser.helpers import sign_up
from tests.browser.helpers import still_same_page
from tests.browser.helpers import upload_photo
from tests.browser.helpers import wait_for_ingredients
from tests.factories import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.broker, pytest.mark.slow]

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# Slow enough model replies that the progress display is on screen before the result.
MODEL_DELAY = 1.5


class Layout:
    """Records, page by page, whether a phone screen needs horizontal scrolling."""

    def __init__(self, page: Page, *, phone: bool) -> None:
        self.page = page
        self.phone = phone
        self.overflowing: list[str] = []

    def check(self, name: str) -> None:
        if self.phone and not no_horizontal_scroll(self.page):
            self.overflowing.append(name)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.usefixtures("worker")
def test_a_cook_goes_from_a_fridge_photo_to_a_shopping_list(
    viewport: str,
    chromium: Browser,
    live_server: Any,
    fake_ollama: Any,
    tmp_path: Path,
) -> None:
    """Sign up, set an allergy, upload a photo, fix the ingredients, get recipes, keep one,
    rate it, find it again and shop for what is missing — with live progress, no horizontal
    scrolling on a phone and not one console error (CSP violations included)."""
    base = live_server.url
    photo = tmp_path / "fridge.jpg"
    photo.write_bytes(jpeg_bytes())
    context = chromium.new_context(
        viewport=VIEWPORTS[viewport], device_scale_factor=2 if viewport == "phone" else 1
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = ConsoleErrors().attach(page)
    layout = Layout(page, phone=viewport == "phone")
    fake_ollama.script("chat", delay=MODEL_DELAY)  # the vision model
    fake_ollama.script("chat", delay=MODEL_DELAY)  # the recipe writer

    # Sign up, then the profile: the allergy goes into every recipe request.
    sign_up(page, base, f"cook_{viewport}")
    layout.check("profile")
    page.get_by_label("Allergies").fill("peanuts")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("Allergies")).to_have_value("peanuts")

    # Upload: the progress shows, then the ingredients appear without a reload.
    upload_photo(page, base, photo)
    mark_page(page)
    expect(page.locator("#job-status progress")).to_be_visible()
    expect(page.locator("#job-status .stage")).to_have_text(
        re.compile("Queued|Preparing your photo|Looking at your photo")
    )
    layout.check("scan in progress")
    wait_for_ingredients(page)
    assert still_same_page(page), "the ingredients should arrive without reloading the page"
    assert ingredient_names(page) == ["tomato", "eggs", "cheddar cheese", "spinach", "milk"]
    expect(page.get_by_text("94%")).to_be_visible()
    layout.check("ingredients")

    # Fix the list: rename one, remove one, add one.
    ingredient_row(page, "tomato").locator("input.ingredient-name").fill("cherry tomatoes")
    ingredient_row(page, "milk").get_by_role("button", name="Remove").click()
    page.get_by_label("Add ingredient").fill("rice")
    page.get_by_role("button", name="Add", exact=True).click()
    assert ingredient_names(page) == [
        "cherry tomatoes",
        "eggs",
        "cheddar cheese",
        "spinach",
        "rice",
    ]
    layout.check("edited ingredients")

    # Get recipes: progress, then the cards, again without a reload.
    page.get_by_role("button", name="Get recipes").click()
    page.wait_for_url(re.compile(r"/generations/\d+/$"))
    mark_page(page)
    expect(page.locator("#job-status .stage")).to_have_text(
        re.compile(r"Queued|Writing recipe \d of 3|Writing your recipes")
    )
    cards = page.locator(".recipe-card")
    expect(cards).to_have_count(3, timeout=30_000)
    assert still_same_page(page), "the recipes should arrive without reloading the page"
    expect(
        page.get_by_text("From: cherry tomatoes, eggs, cheddar cheese, spinach, rice")
    ).to_be_visible()
    recipe_prompt = str(fake_ollama.requests_to("/api/chat")[-1].json)
    assert "peanuts" in recipe_prompt
    layout.check("recipe cards")

    # Open a recipe and keep it: the heart flips at once and is still on after a reload.
    title = cards.first.locator(".card-title a").inner_text()
    cards.first.locator(".card-title a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    favorite = page.locator(".recipe-actions .favorite-button")
    expect(favorite).to_have_attribute("aria-pressed", "false")
    with page.expect_response(re.compile(r"/favorite/$")) as answer:
        favorite.click()
    expect(favorite).to_have_attribute("aria-pressed", "true")
    assert answer.value.ok
    page.reload()
    expect(favorite).to_have_attribute("aria-pressed", "true")
    expect(favorite).to_contain_text("Favourite")
    expect(page.locator(".recipe-steps li").first).to_be_visible()
    expect(page.get_by_text("Nutrition per serving")).to_be_visible()
    layout.check("recipe")
    page.screenshot(path=str(tmp_path / f"recipe-{viewport}.png"), full_page=True)

    # Rate it 4 stars with a comment; the comment is shown as typed, not as HTML.
    page.locator(".star-input label").filter(has_text="4 stars").click()
    expect(page.get_by_label("4 stars", exact=True)).to_be_checked()
    page.get_by_label("Comment").fill("Quick and <b>lovely</b>.")
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_text("Thanks for your review.")).to_be_visible()
    expect(page.locator("#reviews .rating")).to_contain_text("4.0 (1 rating)")
    expect(page.locator(".review-comment")).to_have_text("Quick and <b>lovely</b>.")
    to_buy = page.locator(".recipe-ingredients .to-buy .ing-name").all_inner_texts()
    assert to_buy, "the fake model always leaves something to buy"

    # Find it again through search (favourites only).
    if viewport == "phone":  # the menu is folded behind one button on a phone
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name="My recipes")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="My recipes").click()
    page.get_by_label("Search").fill(title)
    page.get_by_text("Filters and sorting").click()
    page.get_by_label("Favourites only").check()
    page.get_by_role("button", name="Search").click()
    found = page.locator(".recipe-card")
    expect(found).to_have_count(1)
    expect(found.first.locator(".card-title")).to_have_text(title)
    expect(found.first.locator(".rating")).to_contain_text("4.0")
    layout.check("search")

    # Shop for what is missing, and tick an item off.
    found.first.locator(".card-title a").click()
    page.get_by_role("button", name="Add missing ingredients to my shopping list").click()
    page.wait_for_url(re.compile(r"/shopping-list/$"))
    names = page.locator(".shopping-item .tick-name").all_inner_texts()
    assert sorted(names) == sorted(to_buy)
    tick = page.locator(".shopping-item .tick-button").first
    with page.expect_response(re.compile(r"/tick/$")):
        tick.click()
    expect(tick).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(page.locator(".shopping-item .tick-button[aria-pressed=true]")).to_have_count(1)
    layout.check("shopping list")

    context.close()
    assert layout.overflowing == [], f"horizontal scrolling at 390 px on: {layout.overflowing}"
    assert errors.messages == []
