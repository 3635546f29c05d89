"""Prompt variants: which one a job uses, and the messages its texts make.

A job draws one active variant of its kind by weight, deterministically from its id, on its first
run and keeps it for its retries (`job_variant`); its texts are rendered over the context the app
builds (core.prompt_text).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from core.jobs import Job
from core.models import PromptVariant
from core.prompt_text import render

log = logging.getLogger(__name__)


def drawable(kinds: list[str]) -> QuerySet[PromptVariant]:
    """The variants a new job of these kinds may draw: active, with a weight above 0."""
    return PromptVariant.objects.filter(kind__in=kinds, active=True, weight__gt=0)


def _choose(variants: list[PromptVariant], seed: str) -> PromptVariant:
    """The variant at the point `seed` hashes to on the line of their weights."""
    total = sum(v.weight for v in variants)
    point = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") % total
    for variant in variants:
        if point < variant.weight:
            return variant
        point -= variant.weight
    raise AssertionError("unreachable: the point lies within the total weight")  # pragma: no cover


def draw(kind: str, seed: int | str) -> PromptVariant:
    """The variant of `kind` for the job `seed` names: a weighted draw among the active ones, the
    same for the same seed. With none active, the newest variant of the kind (logged), so the
    site keeps working while staff set one; with none at all, ImproperlyConfigured."""
    active = list(drawable([kind]).order_by("pk"))
    if active:
        return _choose(active, f"{kind}:{seed}")
    newest = PromptVariant.objects.filter(kind=kind).order_by("-created_at", "-pk").first()
    if newest is None:
        raise ImproperlyConfigured(
            f"No prompt variant of kind {kind!r}: add one in the admin (Prompt variants)."
        )
    log.warning("no active prompt variant", extra={"kind": kind, "variant": newest.label})
    return newest


def job_variant(job: Job, *, kind: str) -> PromptVariant:
    """The job's variant: drawn on its first run and kept, so a retry asks in the same words."""
    if job.prompt_variant_id is not None and job.prompt_variant is not None:
        return job.prompt_variant
    variant = draw(kind, job.pk)
    type(job).objects.filter(pk=job.pk, prompt_variant__isnull=True).update(prompt_variant=variant)
    job.refresh_from_db(fields=["prompt_variant"])  # a concurrent first run may have won
    return job.prompt_variant or variant


def variant_set_label(kind: str) -> str:
    """The labels of the variants a new job of `kind` may draw, for keys of reusable results: a
    change of the set means new words, so earlier answers are not reused for it."""
    labels = sorted(v.label for v in drawable([kind]).only("name", "version"))
    return ",".join(labels)


def messages(
    variant: PromptVariant, context: Mapping[str, Any], *, images: list[str] | None = None
) -> list[dict[str, Any]]:
    """The conversation a variant makes of `context`: its system text, then its user text (with
    the images, base64, for a vision model)."""
    user: dict[str, Any] = {"role": "user", "content": render(variant.user_template, context)}
    if images:
        user["images"] = images
    return [{"role": "system", "content": render(variant.system, context)}, user]


def models_in_use(kind: str | None = None) -> list[str]:
    """The models jobs of `kind` (or of every kind) may call: the site's configured one and those
    the active variants name, so a variant's own model is pulled, warmed and checked too."""
    configured = {"vision": settings.OLLAMA_VISION_MODEL, "recipes": settings.OLLAMA_TEXT_MODEL}
    kinds = [kind] if kind else list(configured)
    found: list[str] = [configured[k] for k in kinds]
    for model in drawable(kinds).exclude(model="").order_by("pk").values_list("model", flat=True):
        if model not in found:
            found.append(model)
    return found
