"""Which of the site's languages a request is answered in (docs/i18n.md).

Pages: the language switch's cookie, else `Accept-Language`, else DEFAULT_LANGUAGE (Django's
LocaleMiddleware), and for a signed-in person the profile's language over all of them. The API:
`Accept-Language` when the request sends one, else the profile's, else DEFAULT_LANGUAGE.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.i18n import JavaScriptCatalog

# How a prompt names each of the site's languages: models follow English instructions best.
ENGLISH_NAMES = {"en": "English", "ru": "Russian"}


def english_name(language: str) -> str:
    """The English name of one of the site's languages ("Russian" for "ru"), for prompts."""
    return ENGLISH_NAMES.get(language, "English")


def supported(code: object) -> str | None:
    """One of settings.LANGUAGES for a code such as "ru", "en-GB" or "EN", or None."""
    if not isinstance(code, str) or not code:
        return None
    try:
        return translation.get_supported_language_variant(code.lower())
    except LookupError:
        return None


def from_accept_language(header: str) -> str | None:
    """The site's language the header prefers most, or None when it names none of them."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        language = supported(code)
        if language is not None:
            return language
    return None


def profile_language(user: object) -> str | None:
    """The saved language of a signed-in person's profile (None when signed out or unset)."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)
    return supported(getattr(profile, "language", None))


def api_language(header: str, user: object) -> str:
    """The language of an API answer: the header's, else the profile's, else the default."""
    return (
        (from_accept_language(header) if header else None)
        or profile_language(user)
        or settings.LANGUAGE_CODE
    )


def activate(request: HttpRequest, language: str) -> None:
    """Make `language` the request's language, for what it renders and its Content-Language."""
    translation.activate(language)
    request.LANGUAGE_CODE = language


CATALOG_MAX_AGE = 3600


def javascript_catalog(request: HttpRequest, language: str) -> HttpResponseBase:
    """The strings of static/js in `language`, for `gettext()` in the browser.

    The language is in the address (the page names its own), so browsers and proxies may keep
    each language's catalogue for an hour whatever cookie or header the next request carries.
    """
    chosen = supported(language)
    if chosen is None or chosen != language:
        raise Http404
    with translation.override(chosen):
        # Our own strings only (locale/): not the admin's widgets', which no page of ours loads.
        response = JavaScriptCatalog.as_view(packages=["core"])(request)
    patch_cache_control(response, public=True, max_age=CATALOG_MAX_AGE)
    response.headers["Content-Language"] = chosen
    return response
