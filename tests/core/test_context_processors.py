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
