"""The base layout: the landing page, navigation, the 404 page and the strict CSP on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def test_visitors_get_a_landing_page_with_sign_up_and_log_in(client: Client) -> None:
    """Someone not signed in sees what the site does and the two ways in, not the upload form."""
    page = text_of(client.get("/"))
    assert "Take a photo of your fridge" in page
    assert 'href="/accounts/signup/"' in page
    assert 'href="/accounts/login/"' in page
    assert 'type="file"' not in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page


def test_signed_in_cooks_get_every_section_in_the_navigation(cook: Client) -> None:
    """Home, History, Favourites, Shopping list, Profile and a Log out button (a POST form)."""
    page = text_of(cook.get("/"))
    nav = page[page.index('<nav class="site-nav"') : page.index("</nav>")]
    for label, url in [
        ("Home", "/"),
        ("History", "/history/"),
        ("Favourites", "/favorites/"),
        ("Shopping list", "/shopping-list/"),
        ("Profile", "/accounts/profile/"),
    ]:
        assert f'href="{url}"' in nav and f">{label}</a>" in nav
    assert re.search(r'<form method="post" action="/accounts/logout/"', nav)
    assert "Log in" not in nav


def test_pages_send_a_strict_csp_and_carry_no_inline_scripts_or_styles(
    cook: Client, user: Any
) -> None:
    """The CSP forbids inline code, so no page may rely on it (it would silently break)."""
    scan = ScanFactory(user=user)
    ScanIngredientFactory(scan=scan, name="tomato")
    recipe = RecipeFactory(user=user)
    urls = [
        "/",
        f"/scans/{scan.pk}/",
        f"/generations/{recipe.generation_id}/",
        f"/recipes/{recipe.pk}/",
        f"/recipes/{recipe.pk}/print/",
        "/recipes/",
        "/history/",
        "/favorites/",
        "/shopping-list/",
        "/accounts/profile/",
    ]
    for url in urls:
        response = cook.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        page = text_of(response)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\sstyle=", page), url
        assert not re.search(r"\son[a-z]+=", page), url
        assert "<style" not in page, url


def test_an_unknown_page_explains_itself_in_plain_words(cook: Client) -> None:
    response = cook.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in text_of(response)
