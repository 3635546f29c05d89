"""Records of every call to a model: the raw material for metrics and prompt statistics."""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModelCall(models.Model):
    class Purpose(models.TextChoices):
        VISION = "vision", _("Ingredient recognition")
        RECIPES = "recipes", _("Recipe writing")

    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        SALVAGED = "salvaged", _("OK after unwrapping")
        UNAVAILABLE = "unavailable", _("Service unreachable")
        BUSY = "busy", _("Service busy")
        MODEL_MISSING = "model_missing", _("Model missing")
        INVALID_REPLY = "invalid_reply", _("Invalid reply")
        TRUNCATED = "truncated", _("Reply cut off")
        TOO_SLOW = "too_slow", _("Over its deadline")
        ERROR = "error", _("Other error")
        CANCELLED = "cancelled", _("Stopped (job cancelled)")

    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    scan = models.ForeignKey(
        "vision.Scan", null=True, blank=True, on_delete=models.CASCADE, related_name="model_calls"
    )
    generation = models.ForeignKey(
        "recipes.Generation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="model_calls",
    )
    model = models.CharField(_("model"), max_length=120)
    prompt_version = models.CharField(_("prompt version"), max_length=40)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    error = models.CharField(_("error"), max_length=500, blank=True)
    prompt_eval_count = models.PositiveIntegerField(_("prompt tokens"), null=True, blank=True)
    eval_count = models.PositiveIntegerField(_("reply tokens"), null=True, blank=True)
    load_duration_ms = models.PositiveIntegerField(_("load time (ms)"), null=True, blank=True)
    total_duration_ms = models.PositiveIntegerField(_("model time (ms)"), null=True, blank=True)
    wall_ms = models.PositiveIntegerField(_("wall time (ms)"), default=0)
    done_reason = models.CharField(_("done reason"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["purpose", "prompt_version"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.model} {self.outcome}"
