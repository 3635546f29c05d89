"""Every page, in both languages, at a phone's, a tablet's and a computer's width.

On each page: nothing wider than the screen, no console error (a CSP violation is one), every
control at least 24 × 24 px, no English left on a Russian page, and axe-core finds no serious or
critical accessibility problem. A screenshot of each page is kept in var/test-artifacts/,
with axe.txt listing every finding of any weight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser
from playwright.sync_api import Page

from accounts.models import User
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import no_horizontal_scroll
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [360, 390, 768, 1280]
AXE_WIDTHS = {390, 1280}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "screenshots"

# Latin words a Russian page may show: the language switch's codes and the name of English in
# English (each language is named in itself), file formats, a key, the model's name.
LATIN_ALLOWED = {"EN", "RU", "English", "JPEG", "PNG", "WebP", "HEIC", "Ctrl", "V", "mistral"}

CONTENT = {
    "en": {
        "ingredients": ["tomato", "eggs", "spinach", "cheddar", "milk"],
        "title": "Tomato egg skillet",
        "description": "Eggs baked in a quick tomato sauce.",
        "cuisine": "italian",
        "recipe_ingredients": [
            {"name": "tomato", "quantity": 3, "unit": "", "have": True},
            {"name": "olive oil", "quantity": 2, "unit": "tbsp", "have": False},
        ],
        "steps": ["Chop the tomatoes.", "Fry them.", "Add the eggs."],
        "tips": ["Serve with bread."],
        "shopping": ["flour", "butter"],
        "comment": "Quick and good.",
    },
    "ru": {
        "ingredients": ["помидоры", "яйца", "шпинат", "сыр", "молоко"],
        "title": "Яичница с помидорами",
        "description": "Яйца, запечённые в быстром томатном соусе.",
        "cuisine": "итальянская",
        "recipe_ingredients": [
            {"name": "помидоры", "quantity": 3, "unit": "шт.", "have": True},
            {"name": "оливковое масло", "quantity": 2, "unit": "ст. л.", "have": False},
        ],
        "steps": ["Нарежьте помидоры.", "Обжарьте их.", "Добавьте яйца."],
        "tips": ["Подавайте с хлебом."],
        "shopping": ["мука", "сливочное масло"],
        "comment": "Быстро и вкусно.",
    },
}


@dataclass
class Kitchen:
    user: User
    pages: dict[str, str]


def kitchen(language: str) -> Kitchen:
    """A cook with a photo, its recipes, a favourite, a review and a shopping list."""
    words = CONTENT[language]
    user = UserFactory(username=f"cook_{language}")
    user.profile.language = language
    user.profile.save()
    scan = ScanFactory(user=user)
    for position, name in enumerate(words["ingredients"]):
        ScanIngredientFactory(scan=scan, name=name, position=position, confidence=0.9)
    generation = GenerationFactory(user=user, scan=scan, ingredients=words["ingredients"])
    recipes = [
        RecipeFactory(
            user=user,
            generation=generation,
            title=f"{words['title']} {n}",
            description=words["description"],
            cuisine=words["cuisine"],
            ingredients=words["recipe_ingredients"],
            steps=words["steps"],
            tips=words["tips"],
        )
        for n in (1, 2)
    ]
    FavoriteFactory(recipe=recipes[0])
    ReviewFactory(recipe=recipes[0], rating=4, comment=words["comment"])
    for name in words["shopping"]:
        ShoppingItemFactory(user=user, name=name)
    recipe = recipes[0]
    return Kitchen(
        user=user,
        pages={
            "home": "/",
            "scan": f"/scans/{scan.pk}/",
            "generation": f"/generations/{generation.pk}/",
            "history": "/history/",
            "recipes": "/recipes/",
            "recipe": f"/recipes/{recipe.pk}/",
            "print": f"/recipes/{recipe.pk}/print/",
            "favourites": "/favorites/",
            "shopping": "/shopping-list/",
            "profile": "/accounts/profile/",
        },
    )


SIGNED_OUT = {
    "landing": "/",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "not-found": "/no-such-page/",
    "offline": "/offline/",
}

SMALL_TARGETS = """() => {
  const small = [];
  const seen = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // 1 × 1: kept out of sight on purpose (a file input behind its buttons)
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden";
  };
  document.querySelectorAll("a[href], button, select, summary, input:not([type=hidden])")
    .forEach(el => {
      if (!seen(el)) return;
      // A checkbox or radio is reached through its label: the label is the target.
      let target = el;
      if (el.matches("input[type=checkbox], input[type=radio]") && el.labels.length) {
        target = el.labels[0];
      }
      const box = target.getBoundingClientRect();
      // A link inside a sentence is exempt (WCAG 2.5.8); links standing alone are not.
      const inSentence = el.matches("a") && el.closest("p, li")
        && el.closest("p, li").textContent.trim().length > el.textContent.trim().length + 20;
      if (!inSentence && (box.width < 24 || box.height < 24)) {
        small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim()}" `
          + `${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    });
  return small;
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def latin_words(page: Page) -> list[str]:
    text = page.evaluate("document.body.innerText")
    return sorted({w for w in re.findall(r"[A-Za-z]+", text) if w not in LATIN_ALLOWED})


def check_page(page: Page, url: str, name: str, language: str, width: int) -> list[str]:
    """Visit one page and return what is wrong with it (empty when nothing)."""
    errors = ConsoleErrors().attach(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems: list[str] = []
    if page.locator("html").get_attribute("lang") != language:
        problems.append(f"{name}: <html lang> is not {language}")
    if not no_horizontal_scroll(page):
        problems.append(f"{name}: wider than {width} px")
    problems += [f"{name}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
    headers = page.locator(".site-header")
    header = headers.bounding_box() if headers.count() else None  # the print view has none
    if header and width < 640 and header["height"] > 120:  # the menu folds on a phone
        problems.append(f"{name}: the header takes {header['height']:.0f} px")
    if language == "ru":
        problems += [f"{name}: English on a Russian page: {w}" for w in latin_words(page)]
    if width in AXE_WIDTHS:
        page.evaluate(AXE.read_text())
        found = page.evaluate(AXE_RUN)
        report = SHOTS.parent / "axe.txt"  # every finding, serious or not, for the record
        with report.open("a", encoding="utf-8") as out:
            out.write(f"{language} {width} {name}: {[(v['id'], v['impact']) for v in found]}\n")
        for v in found:
            if v["impact"] in {"serious", "critical"}:
                problems.append(f"{name}: axe {v['impact']} {v['id']} at {v['targets']}")
    expected = "status of 404" if name == "not-found" else None  # the page's own status
    problems += [
        f"{name}: console: {m}" for m in errors.messages if not (expected and expected in m)
    ]
    folder = SHOTS / language / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    return problems


def session_cookie(user: User, base_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": base_url}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_reads_well_at_every_width(
    chromium: Browser, live_server: Any, language: str
) -> None:
    assert AXE.exists(), "axe-core is missing: `npm ci` installs it (make test does)"
    home = kitchen(language)
    locale = {"en": "en-US", "ru": "ru-RU"}[language]
    problems: list[str] = []
    for width in WIDTHS:
        viewport = {"width": width, "height": 800}
        signed_in = chromium.new_context(viewport=viewport, locale=locale)
        signed_in.add_cookies([session_cookie(home.user, live_server.url)])  # type: ignore[list-item]
        page = signed_in.new_page()
        for name, path in home.pages.items():
            problems += check_page(page, live_server.url + path, name, language, width)
        signed_in.close()
        visitor = chromium.new_context(viewport=viewport, locale=locale).new_page()
        for name, path in SIGNED_OUT.items():
            problems += check_page(visitor, live_server.url + path, name, language, width)
        visitor.context.close()
    assert not problems, "\n".join(dict.fromkeys(problems))
