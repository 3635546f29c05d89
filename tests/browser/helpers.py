"""Steps of the cook's journey in a real Chromium, shared by the browser tests and the benchmark.

Each step acts the way a person does (labels, button names, visible text), so a renamed button
or a hidden error fails here first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Playwright,
    ViewportSize,
    expect,
)

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PASSWORD = "a-long-kitchen-passphrase-42"


def chromium_available() -> bool:
    return CHROMIUM.exists()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


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


def sign_up(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Your cooking profile")).to_be_visible()


def upload_photo(page: Page, base_url: str, photo: Path) -> None:
    """From the home page: choose the photo and send it; returns once the scan page starts."""
    page.goto(f"{base_url}/")
    page.get_by_label("Photo of your fridge or groceries").set_input_files(str(photo))
    page.get_by_role("button", name="Find ingredients").click()
    page.wait_for_url(re.compile(r"/scans/\d+/$"))


def ingredient_names(page: Page) -> list[str]:
    return [
        page.locator("input.ingredient-name").nth(i).input_value()
        for i in range(page.locator("input.ingredient-name").count())
    ]


def wait_for_ingredients(page: Page, *, timeout_ms: float = 30_000) -> None:
    page.locator("input.ingredient-name").first.wait_for(state="visible", timeout=timeout_ms)


def ingredient_row(page: Page, name: str) -> Locator:
    return page.locator("[data-row]").filter(
        has=page.locator(f"input.ingredient-name[value='{name}']")
    )
