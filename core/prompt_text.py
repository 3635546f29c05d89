"""The texts of a prompt variant: Django templates rendered without HTML escaping.

Every string of the context an app builds is first made one plain line that cannot open or close
a `<block>` of the prompt, so what a person typed stays data whatever the template does with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context
from django.template import Engine
from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _

_ENGINE = Engine(autoescape=False, debug=False, libraries={}, builtins=[])
# A line holding only template tags leaves no line behind (like Jinja's trim_blocks).
_TAG_LINE = re.compile(r"^[ \t]*((?:\{%.*?%\}[ \t]*)+)\n", re.MULTILINE)

# The Ollama options a variant may set, each with the range it is held to.
OPTION_RANGES: dict[str, tuple[float, float]] = {
    "temperature": (0, 2),
    "top_p": (0, 1),
    "top_k": (1, 1000),
    "repeat_penalty": (0, 3),
    "num_ctx": (512, 131072),
    "num_predict": (-1, 32768),
    "seed": (0, 2**31 - 1),
}
_INTEGER_OPTIONS = {"top_k", "num_ctx", "num_predict", "seed"}


def plain(value: Any) -> Any:
    """A string as one line that cannot close or open a block; a list of them; other values
    unchanged."""
    if isinstance(value, str):
        return " ".join(value.replace("<", " ").replace(">", " ").split())
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def render(template: str, context: Mapping[str, Any]) -> str:
    """The text of one template of a variant over `context` (made plain first)."""
    compiled = _ENGINE.from_string(_TAG_LINE.sub(r"\1", template))
    return compiled.render(Context({k: plain(v) for k, v in context.items()})).strip("\n")


def validate_template(template: str) -> None:
    """Raise ValidationError for a template that does not compile."""
    try:
        _ENGINE.from_string(_TAG_LINE.sub(r"\1", template))
    except TemplateSyntaxError as exc:
        raise ValidationError(
            _("The template does not compile: %(error)s"), params={"error": exc}
        ) from exc


def validate_options(options: Any) -> None:
    """Raise ValidationError unless `options` is an object of known Ollama options in range."""
    if not isinstance(options, dict):
        raise ValidationError(_("Options must be a JSON object."))
    for key, value in options.items():
        if key not in OPTION_RANGES:
            raise ValidationError(
                _("Unknown option %(key)s: use one of %(known)s."),
                params={"key": key, "known": ", ".join(sorted(OPTION_RANGES))},
            )
        low, high = OPTION_RANGES[key]
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or (key in _INTEGER_OPTIONS and not isinstance(value, int)):
            raise ValidationError(_("Option %(key)s must be a number."), params={"key": key})
        if not low <= value <= high:
            raise ValidationError(
                _("Option %(key)s must be from %(low)s to %(high)s."),
                params={"key": key, "low": low, "high": high},
            )
