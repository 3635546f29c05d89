"""Chromium for the browser tests: one browser per test, console errors collected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import sync_playwright

from tests.browser.helpers import chromium_available
from tests.browser.helpers import launch
from tests.conftest import missing_service


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    """A headless Chromium for this test only.

    Playwright's sync API keeps an event loop registered on this thread while it is open, which
    Django reads as "inside async code"; the test's own ORM calls are plain sync code, so the
    guard is lifted for the duration of the test (and Playwright is closed before the next one).
    """
    if not chromium_available():
        missing_service("chromium not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
