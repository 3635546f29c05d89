"""The site banner (core/context_processors.py) on every page, or nowhere when it is not set."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def test_the_site_banner_is_shown_on_every_page_when_set(client: Client, settings: Any) -> None:
    """The demo mode says that the models are simulated, at the top of every page."""
    settings.SITE_BANNER = "Demo mode: the AI models are simulated."
    for url in ["/", "/accounts/login/", "/accounts/signup/"]:
        page = text_of(client.get(url))
        assert (
            '<div class="site-banner" role="note">Demo mode: the AI models are simulated.</div>'
            in page
        )


def test_no_banner_when_the_setting_is_empty(client: Client, settings: Any) -> None:
    settings.SITE_BANNER = ""
    assert "site-banner" not in text_of(client.get("/"))


def test_the_demo_banner_reads_in_the_pages_language(client: Client, settings: Any) -> None:
    """`make run-demo`'s banner is translated; an operator's own banner is shown as written."""
    settings.SITE_BANNER = (
        "Demo mode: the AI models are simulated. Ingredients and recipes are examples, not real "
        "AI output."
    )
    russian = text_of(client.get("/", headers={"accept-language": "ru"}))
    assert "Демо-режим: модели ИИ имитируются." in russian
    assert "Demo mode" not in russian
    settings.SITE_BANNER = "Maintenance tonight at 22:00."
    assert "Maintenance tonight at 22:00." in text_of(
        client.get("/", headers={"accept-language": "ru"})
    )
