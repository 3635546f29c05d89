"""The installable web app: its manifest, its service worker and the page shown offline.

The service worker keeps only the app shell (styles, scripts, icons and the offline page); it
never stores a personal page, a photo or an API answer. Pages always come from the network,
and the offline page stands in only when there is none.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

SHELL = ["css/site.css", "js/site.js", "js/poll.js", "img/icon.svg", "img/icon-192.png"]


@require_GET
@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the reader's language."""
    data = {
        "name": _("AI Personal Chef"),
        "short_name": _("AI Chef"),
        "description": _("Recipes from what is in your fridge."),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbf8f4",
        "theme_color": "#c2410c",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512-maskable.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script, from the site's root so that it may serve every page's fallback.

    Its cache name carries a digest of the shell's URLs (hashed names in production), so a
    deploy that changes a file installs a new worker and drops the old cache.
    """
    shell = [static(name) for name in SHELL] + [reverse("offline")]
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    settings_js = json.dumps(
        {"shell": shell, "cache": f"chef-shell-{version}", "offline": reverse("offline")}
    )
    body = render_to_string("core/sw.js", {"settings_js": mark_safe(settings_js)})  # noqa: S308
    return HttpResponse(body, content_type="text/javascript")


@require_GET
@cache_control(max_age=3600, private=True)
def offline(request: HttpRequest) -> HttpResponse:
    """What the installed app shows with no connection; it names nobody and shows nothing
    personal, because the service worker keeps it."""
    return render(request, "core/offline.html")
