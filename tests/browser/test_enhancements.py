"""What the page scripts add, and what still works without them (no worker needed here)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser
from playwright.sync_api import expect

from accounts.models import User
from recipes.models import Generation
from tests.browser.helpers import PHONE
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import sign_up
from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import jpeg_bytes
from vision.models import Scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_photo_over_the_limit_is_refused_before_it_is_sent(
    chromium: Browser, live_server: Any, settings: Any
) -> None:
    """On a phone connection nobody should wait for 15 MB to upload just to be told no."""
    settings.MAX_UPLOAD_MB = 1
    page = chromium.new_context(viewport=PHONE).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "big_photo")
    page.goto(f"{live_server.url}/")
    page.get_by_label("Photo of your fridge or groceries").set_input_files(
        {
            "name": "huge.jpg",
            "mimeType": "image/jpeg",
            "buffer": jpeg_bytes() + b"\0" * (1024 * 1024),
        }
    )
    message = page.get_by_text("The photo is larger than 1 MB. Please choose a smaller one.")
    expect(message).to_be_visible()
    page.get_by_role("button", name="Find ingredients").click()
    expect(message).to_be_visible()
    assert page.url == f"{live_server.url}/"
    assert not Scan.objects.exists()
    assert errors.messages == []


def test_the_ingredient_list_works_without_javascript(chromium: Browser, live_server: Any) -> None:
    """Remove boxes, "must use" and typed additions are plain form fields."""
    page = chromium.new_context(viewport=PHONE, java_script_enabled=False).new_page()
    sign_up(page, live_server.url, "no_script")
    scan = ScanFactory(user=User.objects.get(username="no_script"))
    for position, name in enumerate(["tomato", "eggs", "milk"]):
        ScanIngredientFactory(scan=scan, name=name, position=position, confidence=0.9)

    page.goto(f"{live_server.url}/scans/{scan.pk}/")
    milk = page.locator("[data-row]").filter(has=page.locator("input[value='milk']"))
    milk.get_by_label("Remove").check()
    page.locator("[data-row]").first.get_by_label("Must use").check()
    expect(page.get_by_role("button", name="Add", exact=True)).to_be_hidden()
    page.get_by_label("Add ingredient").fill("rice, garlic")
    page.get_by_role("button", name="Get recipes").click()

    page.wait_for_url(re.compile(r"/generations/\d+/$"))
    generation = Generation.objects.get(scan=scan)
    assert generation.ingredients == ["tomato", "eggs", "rice", "garlic"]
    assert generation.must_use == ["tomato"]
    expect(page.get_by_text("From: tomato, eggs, rice, garlic")).to_be_visible()


def filled_stars(page: Any) -> int:
    amber = "rgb(217, 119, 6)"
    labels = page.locator(".star-input label")
    return sum(
        1
        for i in range(labels.count())
        if labels.nth(i).evaluate("l => getComputedStyle(l).color") == amber
    )


def test_the_rating_stars_follow_the_arrow_keys_the_way_they_read(
    chromium: Browser, live_server: Any
) -> None:
    page = chromium.new_context(viewport=PHONE).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "rater")
    recipe = RecipeFactory(user=User.objects.get(username="rater"))
    page.goto(f"{live_server.url}/recipes/{recipe.pk}/")
    page.locator(".star-input label").filter(has_text="3 stars").click()
    expect(page.get_by_label("3 stars", exact=True)).to_be_checked()
    assert filled_stars(page) == 3
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("4 stars", exact=True)).to_be_checked()
    page.mouse.move(0, 0)
    assert filled_stars(page) == 4
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_label("2 stars", exact=True)).to_be_checked()
    assert filled_stars(page) == 2
    assert errors.messages == []


def test_the_print_view_has_a_print_button(chromium: Browser, live_server: Any) -> None:
    page = chromium.new_context(viewport=PHONE).new_page()
    sign_up(page, live_server.url, "printer")
    recipe = RecipeFactory(user=User.objects.get(username="printer"))
    page.goto(f"{live_server.url}/recipes/{recipe.pk}/print/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") == 1


def test_the_ingredient_count_follows_the_list_in_the_readers_plural_forms(
    chromium: Browser, live_server: Any
) -> None:
    """Adding or removing rows changes the count at once: 1 продукт, 2 продукта, 5 продуктов."""
    page = chromium.new_context(viewport=PHONE).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "counter")  # in English; the profile then says Russian
    user = User.objects.get(username="counter")
    user.profile.language = "ru"
    user.profile.save()
    scan = ScanFactory(user=user)
    for position, name in enumerate(["помидоры", "яйца", "молоко", "сыр", "лук"]):
        ScanIngredientFactory(scan=scan, name=name, position=position, confidence=0.9)
    page.goto(f"{live_server.url}/scans/{scan.pk}/")
    count = page.locator("[data-ingredient-count]")
    expect(count).to_have_text("5 продуктов в списке")
    expect(page.get_by_text("Процент рядом с названием")).to_be_visible()

    page.get_by_label("Добавить продукт").fill("рис, чеснок")
    page.get_by_role("button", name="Добавить", exact=True).click()
    expect(count).to_have_text("7 продуктов в списке")
    for _ in range(5):
        page.locator("[data-row]").first.get_by_role("button", name="Убрать").click()
    expect(count).to_have_text("2 продукта в списке")
    page.locator("[data-row] input[type=text]").first.fill("")
    expect(count).to_have_text("1 продукт в списке")
    assert errors.messages == []


def test_a_phone_offers_the_camera_and_the_gallery(chromium: Browser, live_server: Any) -> None:
    """`capture` on the input would open only the camera: it is set only for "Take a photo"."""
    page = chromium.new_context(viewport=PHONE).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "phone_cook")
    page.goto(f"{live_server.url}/")
    photo = page.get_by_label("Photo of your fridge or groceries")
    assert photo.get_attribute("capture") is None

    with page.expect_file_chooser() as camera:
        page.get_by_role("button", name="Take a photo").click()
    assert photo.get_attribute("capture") == "environment"
    camera.value.set_files({"name": "shelf.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()})
    expect(page.get_by_text("Chosen: shelf.jpg")).to_be_visible()

    with page.expect_file_chooser() as gallery:
        page.get_by_role("button", name="Choose from gallery").click()
    assert photo.get_attribute("capture") is None
    gallery.value.set_files({"name": "old.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()})
    expect(page.get_by_text("Chosen: old.jpg")).to_be_visible()
    page.get_by_role("button", name="Find ingredients").click()
    page.wait_for_url(re.compile(r"/scans/\d+/$"))
    assert Scan.objects.filter(user__username="phone_cook").count() == 1
    assert errors.messages == []


PUT_PHOTO = """([kind, bytes]) => {
  const file = new File([new Uint8Array(bytes)], "pasted.jpg", {type: "image/jpeg"});
  const data = new DataTransfer();
  data.items.add(file);
  const how = {bubbles: true, cancelable: true};
  const zone = document.querySelector("[data-drop-zone]");
  if (kind === "drop") {
    zone.dispatchEvent(new DragEvent("dragover", {...how, dataTransfer: data}));
    zone.dispatchEvent(new DragEvent("drop", {...how, dataTransfer: data}));
  } else {
    document.body.dispatchEvent(new ClipboardEvent("paste", {...how, clipboardData: data}));
  }
}"""


@pytest.mark.parametrize("kind", ["drop", "paste"])
def test_a_computer_takes_a_dropped_or_pasted_photo(
    chromium: Browser, live_server: Any, kind: str
) -> None:
    page = chromium.new_context(viewport={"width": 1280, "height": 800}).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, f"{kind}_cook")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("Or drop a photo here, or paste one (Ctrl+V).")).to_be_visible()
    page.evaluate(PUT_PHOTO, [kind, list(jpeg_bytes())])
    expect(page.get_by_text("Chosen: pasted.jpg")).to_be_visible()
    page.get_by_role("button", name="Find ingredients").click()
    page.wait_for_url(re.compile(r"/scans/\d+/$"))
    scan = Scan.objects.get(user__username=f"{kind}_cook")
    sent = Image.open(io.BytesIO(jpeg_bytes()))
    assert (scan.width, scan.height) == sent.size  # the pasted picture itself arrived
    assert errors.messages == []


def test_the_whole_recipe_card_opens_the_recipe_and_its_buttons_keep_their_clicks(
    chromium: Browser, live_server: Any
) -> None:
    page = chromium.new_context(viewport=PHONE).new_page()
    sign_up(page, live_server.url, "card_tapper")
    recipe = RecipeFactory(user=User.objects.get(username="card_tapper"), title="Shakshuka")
    page.goto(f"{live_server.url}/recipes/")
    card = page.locator(".recipe-card").first
    card.get_by_role("button", name="Add to favourites").click()
    expect(card.get_by_role("button", name="Favourite")).to_have_attribute("aria-pressed", "true")
    assert page.url == f"{live_server.url}/recipes/"
    box = card.locator(".meta").bounding_box()  # not the title: anywhere on the card
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"{live_server.url}/recipes/{recipe.pk}/")


STORED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def test_the_installed_app_shows_its_offline_page_and_keeps_nothing_personal(
    chromium: Browser, live_server: Any
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "offline_cook")
    page.goto(f"{live_server.url}/history/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now under the worker
    stored = page.evaluate(STORED_URLS)
    assert "/offline/" in stored
    assert all(url.startswith("/static/") or url == "/offline/" for url in stored), stored

    context.set_offline(True)
    page.goto(f"{live_server.url}/history/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    assert "offline_cook" not in page.content()
    context.set_offline(False)
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_role("heading", name="What is in your fridge?")).to_be_visible()
    assert errors.messages == []


ANIMATION = "el => getComputedStyle(el).animationName"


@pytest.mark.parametrize(("motion", "moves"), [("no-preference", True), ("reduce", False)])
def test_a_toggled_favourite_and_tick_move_only_for_those_who_want_motion(
    chromium: Browser, live_server: Any, motion: str, moves: bool
) -> None:
    page = chromium.new_context(viewport=PHONE, reduced_motion=motion).new_page()  # type: ignore[arg-type]
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, f"mover_{motion}")
    user = User.objects.get(username=f"mover_{motion}")
    recipe = RecipeFactory(user=user)
    ShoppingItemFactory(user=user, name="flour")
    page.goto(f"{live_server.url}{recipe.get_absolute_url()}")
    page.get_by_role("button", name="Add to favourites").first.click()
    icon = page.locator(".just-changed .favorite-icon").first
    assert (icon.evaluate(ANIMATION) == "pop") is moves
    page.goto(f"{live_server.url}/shopping-list/")
    page.locator(".tick-button").first.click()
    box = page.locator(".just-changed .tick-box").first
    assert (box.evaluate(ANIMATION) == "pop") is moves
    assert errors.messages == []
