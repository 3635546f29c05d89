"""The page's poll revalidates its fragment: an unchanged job costs the browser a bodiless 304,
and a change still reaches the screen at the next poll (Chromium, no worker needed)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Response
from playwright.sync_api import expect

from accounts.models import User
from core.jobs import JobStatus
from tests.browser.helpers import PHONE
from tests.browser.helpers import ConsoleErrors
from tests.browser.helpers import sign_up
from tests.factories import ScanFactory
from tests.support.metrics import sample
from vision.models import Scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_MODIFIED = "chef_job_polls_not_modified_total"


def test_an_unchanged_job_is_revalidated_and_a_change_still_shows(
    chromium: Browser, live_server: Any
) -> None:
    page = chromium.new_context(viewport=PHONE).new_page()
    errors = ConsoleErrors().attach(page)
    sign_up(page, live_server.url, "patient_cook")
    scan = ScanFactory(
        user=User.objects.get(username="patient_cook"), status=JobStatus.RUNNING, progress=30
    )
    sent_tags: list[str | None] = []

    def seen(response: Response) -> None:
        if response.url.endswith(f"/scans/{scan.pk}/status/"):
            sent_tags.append(response.request.all_headers().get("if-none-match"))

    page.on("response", seen)
    before = sample(NOT_MODIFIED, {"kind": "scan"})
    page.goto(f"{live_server.url}/scans/{scan.pk}/")
    progress = page.locator("#job-status progress")
    expect(progress).to_have_attribute("value", "30")

    # The page hands over the copy it has (Playwright sees 200); the server answered 304.
    deadline = time.monotonic() + 15
    while sample(NOT_MODIFIED, {"kind": "scan"}) < before + 2 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert sample(NOT_MODIFIED, {"kind": "scan"}) >= before + 2
    assert any(tag and tag.startswith('W/"') for tag in sent_tags), "the browser sent its tag"

    Scan.objects.filter(pk=scan.pk).update(progress=70)
    expect(progress).to_have_attribute("value", "70", timeout=10_000)
    assert errors.messages == []
