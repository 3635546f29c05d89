"""What the browser tests check on a page; the steps of the journey are in `testkit.browser`.

Each check looks at the page the way a person does (labels, visible text, the layout), so a
renamed button or a hidden error fails here first.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from playwright.sync_api import ConsoleMessage
from playwright.sync_api import Error
from playwright.sync_api import Locator
from playwright.sync_api import Page

from testkit.browser import DESKTOP
from testkit.browser import PHONE
from testkit.browser import chromium_available
from testkit.browser import launch
from testkit.browser import sign_up
from testkit.browser import upload_photo
from testkit.browser import wait_for_ingredients

__all__ = [
    "DESKTOP",
    "PHONE",
    "ConsoleErrors",
    "chromium_available",
    "ingredient_names",
    "ingredient_row",
    "launch",
    "mark_page",
    "no_horizontal_scroll",
    "sign_up",
    "still_same_page",
    "upload_photo",
    "wait_for_ingredients",
]


@dataclass
class ConsoleErrors:
    """Every console error and uncaught exception of a page (CSP violations are console errors)."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> ConsoleErrors:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        return self

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(message.text)

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught: {error}")


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def mark_page(page: Page) -> None:
    """Leave a marker in the window; it disappears if the page is reloaded."""
    page.evaluate("window.__sameDocument = true")


def still_same_page(page: Page) -> bool:
    return bool(page.evaluate("window.__sameDocument === true"))


def ingredient_names(page: Page) -> list[str]:
    return [
        page.locator("input.ingredient-name").nth(i).input_value()
        for i in range(page.locator("input.ingredient-name").count())
    ]


def ingredient_row(page: Page, name: str) -> Locator:
    return page.locator("[data-row]").filter(
        has=page.locator(f"input.ingredient-name[value='{name}']")
    )
