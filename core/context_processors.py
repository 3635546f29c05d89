"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_noop

# The banner `make run-demo` sets, so that it reads in the page's language too; any other
# banner is shown as the operator wrote it.
KNOWN_BANNERS = (
    gettext_noop(
        "Demo mode: the AI models are simulated. Ingredients and recipes are examples, not real "
        "AI output."
    ),
)


def site(request: HttpRequest) -> dict[str, object]:
    banner = settings.SITE_BANNER
    return {"SITE_BANNER": gettext(banner) if banner in KNOWN_BANNERS else banner}
