"""Records of every call to a model: the raw material for metrics and prompt statistics."""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.prompt_text import validate_options
from core.prompt_text import validate_template


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
    prompt_variant = models.ForeignKey(
        "chef_site.PromptVariant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="model_calls",
        verbose_name=_("prompt variant"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["purpose", "prompt_version"]),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.model} {self.outcome}"


class PromptVariant(models.Model):
    """One version of the prompt for a kind of job: its texts, model and options.

    Jobs draw an active variant by weight (core.prompt_variants) and keep it, and so do their
    model calls and recipes. Once any job has used a variant its texts, model and options are
    frozen: a change is a new version, so every result stays attributable to the words that
    produced it.
    """

    class Kind(models.TextChoices):
        VISION = "vision", _("Ingredient recognition")
        RECIPES = "recipes", _("Recipe writing")

    # What a job's use freezes: changing any of these makes a new version.
    FROZEN: ClassVar[tuple[str, ...]] = (
        "kind",
        "name",
        "version",
        "system",
        "user_template",
        "model",
        "options",
    )

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.SlugField(
        _("name"), max_length=30, help_text=_("Short and stable; a new version keeps it.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    system = models.TextField(
        _("system text"),
        max_length=8000,
        help_text=_("A template, like the user text: the same variables are available."),
    )
    user_template = models.TextField(
        _("user template"),
        max_length=8000,
        help_text=_(
            "Django template syntax. A line holding only template tags leaves no empty line "
            "behind. The variables are listed in docs/prompt-lab.md."
        ),
    )
    model = models.CharField(
        _("model"),
        max_length=120,
        blank=True,
        help_text=_("The Ollama model; empty means the site's configured model for this kind."),
    )
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        help_text=_(
            'Ollama options, e.g. {"temperature": 0.7, "num_ctx": 8192, "num_predict": 2048}.'
        ),
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Share of the draw among the active variants of its kind; 0 pauses it."),
    )
    active = models.BooleanField(_("active"), default=False)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("prompt variant")
        verbose_name_plural = _("prompt variants")
        ordering = ("kind", "name", "-version")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["kind", "name", "version"], name="variant_version_once"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse to change the words, model or options of a variant a job has used."""
        if self.pk is not None and self.is_used():
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN).first() or {}
            changed = [f for f in self.FROZEN if f in stored and stored[f] != getattr(self, f)]
            if changed:
                raise ValidationError(
                    _("%(label)s is in use: save a new version to change %(fields)s."),
                    params={"label": self.label, "fields": ", ".join(changed)},
                )
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The name the statistics and the model-call log use: "recipes-v3"."""
        return f"{self.name}-v{self.version}"

    def clean(self) -> None:
        errors: dict[str, list[ValidationError]] = {}
        for name in ("system", "user_template"):
            try:
                validate_template(getattr(self, name))
            except ValidationError as exc:
                errors.setdefault(name, []).append(exc)
        try:
            validate_options(self.options)
        except ValidationError as exc:
            errors.setdefault("options", []).append(exc)
        if errors:
            raise ValidationError(errors)

    def is_used(self) -> bool:
        """Whether a job, model call or recipe refers to it (its words are then frozen)."""
        if self.pk is None:
            return False
        return any(
            getattr(self, relation).exists()
            for relation in ("model_calls", "scans", "generations", "recipes")
        )

    def new_version(self) -> PromptVariant:
        """An unsaved copy as the next version of its name, inactive, to edit and then start."""
        latest = (
            type(self)
            .objects.filter(kind=self.kind, name=self.name)
            .aggregate(v=models.Max("version"))["v"]
        )
        return type(self)(
            kind=self.kind,
            name=self.name,
            version=(latest or self.version) + 1,
            system=self.system,
            user_template=self.user_template,
            model=self.model,
            options=dict(self.options),
            weight=self.weight,
            active=False,
            notes=self.notes,
        )
