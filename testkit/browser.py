"""Steps of the cook's journey in a real Chromium, shared by the browser tests and the benchmark.

Each step acts the way a person does (labels, button names, visible text), so a renamed button
or a hidden error fails here first. The browser is the system's /usr/bin/chromium: Playwright
never downloads one.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import Playwright
from playwright.sync_api import ViewportSize
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PASSWORD = "a-long-kitchen-passphrase-42"


def chromium_available() -> bool:
    return CHROMIUM.exists()


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def sign_up(page: Page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Your cooking profile")).to_be_visible()


def choose_photo(page: Page, base_url: str, photo: Path) -> None:
    """On the home page, choose the photo (not sent yet)."""
    page.goto(f"{base_url}/")
    page.get_by_label("Photo of your fridge or groceries").set_input_files(str(photo))


def send_photo(page: Page) -> None:
    """Send the chosen photo; returns once the scan page starts."""
    page.get_by_role("button", name="Find ingredients").click()
    page.wait_for_url(re.compile(r"/scans/\d+/$"))


def upload_photo(page: Page, base_url: str, photo: Path) -> None:
    """From the home page: choose the photo and send it; returns once the scan page starts."""
    choose_photo(page, base_url, photo)
    send_photo(page)


def wait_for_ingredients(page: Page, *, timeout_ms: float = 30_000) -> None:
    page.locator("input.ingredient-name").first.wait_for(state="visible", timeout=timeout_ms)
