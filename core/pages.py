"""Small pieces every server-rendered page shares.

The per-user job budget is the API's own `JobUserThrottle` (same cache key, same rate), so a
person cannot dodge it by switching between the website and the API.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from core.api.throttles import JobIPThrottle
from core.api.throttles import JobUserThrottle
from core.api.throttles import add_rate_limit_headers

PAGE_SIZE = 20


def job_rate_limited(request: HttpRequest) -> HttpResponse | None:
    """A 429 page when this person, or this address, started too many jobs lately, else None.

    Every job-creating POST counts, valid or not, exactly as the API counts them; both limits
    are checked (and counted) every time, as DRF does, and the page says when to try again.
    """
    throttles = (JobUserThrottle(), JobIPThrottle())
    refused = [t for t in throttles if not t.allow_request(request, None)]  # type: ignore[arg-type]
    if not refused:
        return None
    wait = max(1, math.ceil(max(t.wait() or 60 for t in refused)))
    response = render(request, "too_many_requests.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    add_rate_limit_headers(request, response)
    return response


def wants_json(request: HttpRequest) -> bool:
    """True for the fetch() calls of our enhanced forms; plain form posts get a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go back after a small action; only a path on this site, never elsewhere."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def paginate(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The requested page of a list; a bad or too-high page number shows the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current GET filters without `page`, for the links of a paginator."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
