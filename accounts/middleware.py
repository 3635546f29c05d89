"""A signed-in person reads the site in their profile's language, whatever the browser asks."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http import HttpResponse

from core import languages

API_PREFIX = "/api/"


class ProfileLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: the profile's language wins.

    The header's switch saves the profile too (accounts.views.set_language), so a choice made
    there is the profile's language from then on. API requests are left to the API's own rule
    (Accept-Language first, core.api.base), which runs after token authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            language = languages.profile_language(request.user)
            if language is not None:
                languages.activate(request, language)
        return self.get_response(request)
