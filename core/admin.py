"""Admin pieces shared by every job (scans, generations) and the log of model calls.

Changelists here must stay quick with hundreds of thousands of rows: related rows come in the
page's own query (`list_select_related`), columns are computed from the row itself and never
query, the exact total is not counted (`show_full_result_count = False`), and foreign keys are
edited by id (`raw_id_fields`) instead of a select box listing every row.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.contrib import messages
from django.db.models import Avg
from django.db.models import Case
from django.db.models import Count
from django.db.models import F
from django.db.models import FloatField
from django.db.models import ForeignKey
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from core.jobs import Job
from core.jobs import JobStatus
from core.jobs import job_reset_for_retry
from core.models import ModelCall
from core.models import PromptVariant
from core.variant_report import ANSWERED
from core.variant_report import Verdict
from core.variant_report import promote
from core.variant_report import variant_report
from core.variant_report import verdict
from integrations.ollama.client import loaded_models

# The job a model call served: its foreign keys (to vision's Scan, to recipes' Generation).
JOB_FIELDS = [
    f
    for f in ModelCall._meta.get_fields()
    if isinstance(f, ForeignKey) and f.name != "prompt_variant"
]

# Re-queuing publishes one message per job; a larger selection is done in several runs so one
# click cannot flood the queue or hold the request for minutes.
MAX_RETRY_BATCH = 500


def _seconds(delta: timedelta | None) -> str:
    if delta is None:
        return "—"
    total = max(0.0, delta.total_seconds())
    return f"{total:.1f} s" if total < 120 else f"{total / 60:.1f} min"


@admin.action(description=_("Retry selected failed jobs"), permissions=["change"])
def retry_failed_jobs(
    modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    """Put failed jobs back on the queue; jobs that have not failed are left alone and counted."""
    selected = queryset.count()
    failed_total = queryset.filter(status=JobStatus.FAILED).count()
    batch = list(queryset.filter(status=JobStatus.FAILED).order_by("pk")[:MAX_RETRY_BATCH])
    # A job may leave "failed" between the read and the reset (a user retried it): it is skipped.
    requeued = sum(job_reset_for_retry(job=job) for job in batch)
    skipped = (selected - failed_total) + (len(batch) - requeued)
    left = failed_total - len(batch)
    parts = [
        ngettext("Re-queued %(count)d failed job.", "Re-queued %(count)d failed jobs.", requeued)
        % {"count": requeued}
    ]
    if skipped:
        parts.append(
            ngettext(
                "Skipped %(count)d that had not failed.",
                "Skipped %(count)d that had not failed.",
                skipped,
            )
            % {"count": skipped}
        )
    if left:
        parts.append(
            ngettext(
                "%(count)d failed job is left: run the action again to retry it.",
                "%(count)d failed jobs are left: run the action again to retry them.",
                left,
            )
            % {"count": left}
        )
    level = messages.SUCCESS if requeued else messages.WARNING
    modeladmin.message_user(request, " ".join(parts), level)


class JobAdmin(admin.ModelAdmin[Any]):
    """Status, stage, error, timings and attempts of a job, and the retry action."""

    job_columns: Sequence[str] = (
        "status",
        "stage_words",
        "progress",
        "error_code",
        "model_name",
        "attempts",
        "created_at",
        "queue_wait",
        "duration",
    )
    job_readonly: Sequence[str] = (
        "status",
        "stage_words",
        "stage",
        "stage_params",
        "progress",
        "error_code",
        "error_words",
        "error_params",
        "model_name",
        "attempts",
        "created_at",
        "published_at",
        "started_at",
        "finished_at",
        "retry_at",
        "queue_wait",
        "duration",
    )
    list_filter = ["status", "error_code", "model_name"]
    search_fields = ("=id", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    show_full_result_count = False
    list_per_page = 50
    actions = (retry_failed_jobs,)
    ordering = ("-created_at", "-id")

    @admin.display(description=_("Stage"))
    def stage_words(self, obj: Job) -> str:
        """The stage in the reader's words (the code and its parameters are shown too)."""
        return obj.stage_text

    @admin.display(description=_("Error"))
    def error_words(self, obj: Job) -> str:
        return obj.error_text

    @admin.display(description=_("Queue wait"))
    def queue_wait(self, obj: Job) -> str:
        if obj.started_at is None:
            return "—"
        return _seconds(obj.started_at - obj.created_at)

    @admin.display(description=_("Duration"))
    def duration(self, obj: Job) -> str:
        if obj.started_at is None or obj.finished_at is None:
            return "—"
        return _seconds(obj.finished_at - obj.started_at)


def job_fieldset(*rows: tuple[str, ...]) -> tuple[StrOrPromise, Any]:
    """The "Job" fieldset of a job's page: status, error, timings, and the app's own rows."""
    return (
        _("Job"),
        {
            "fields": (
                ("status", "stage_words", "progress"),
                ("stage", "stage_params"),
                ("error_code", "error_words", "error_params"),
                *rows,
                ("created_at", "published_at", "retry_at"),
                ("started_at", "finished_at"),
                ("queue_wait", "duration"),
            )
        },
    )


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    """Rows shown under their parent for reading; each opens on its own page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return tuple(str(f) for f in self.fields or ())


class _ModelCallInline(ReadOnlyInline):
    """What each attempt of the job asked the model and what came back (read-only)."""

    model = ModelCall
    fields = (
        "created_at",
        "model",
        "prompt_version",
        "attempt",
        "outcome",
        "error",
        "prompt_eval_count",
        "eval_count",
        "wall_ms",
        "done_reason",
    )
    ordering = ("created_at",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScanModelCallInline(_ModelCallInline):
    fk_name = "scan"


class GenerationModelCallInline(_ModelCallInline):
    fk_name = "generation"


@admin.register(ModelCall)
class ModelCallAdmin(admin.ModelAdmin[ModelCall]):
    """The log of every model call: read-only, the raw material for prompt statistics."""

    list_display = (
        "created_at",
        "purpose",
        "model",
        "prompt_version",
        "outcome",
        "attempt",
        "prompt_eval_count",
        "eval_count",
        "wall_ms",
        "load_duration_ms",
        "total_duration_ms",
        "job",
    )
    list_filter = ("purpose", "outcome", "model", "prompt_version")
    search_fields = ("model", "prompt_version", "error", "=scan__id", "=generation__id")
    date_hierarchy = "created_at"
    show_full_result_count = False
    list_per_page = 100
    ordering = ("-created_at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ModelCall | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ModelCall | None = None) -> bool:
        return False

    @admin.display(description=_("Job"))
    def job(self, obj: ModelCall) -> str:
        """A link to the job the call served, built from the id on the row (no query).

        The job's admin page is found from the foreign key's model, so the core names no app.
        """
        for field in JOB_FIELDS:
            job_id = getattr(obj, field.attname)
            if job_id:
                meta = field.related_model._meta
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[job_id])
                return format_html('<a href="{}">{} {}</a>', url, meta.model_name, job_id)
        return "—"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The log, with the models Ollama holds in memory now (None: Ollama not reachable)."""
        context = {"loaded_models": loaded_models(timeout=1.0), **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def get_urls(self) -> list[URLPattern]:
        stats = path(
            "prompt-statistics/",
            self.admin_site.admin_view(self.prompt_statistics_view),
            name="chef_site_prompt_statistics",
        )
        return [stats, *super().get_urls()]

    def prompt_statistics_view(self, request: HttpRequest) -> HttpResponse:
        """Per prompt version and model: recipes, reviews, stars, calls, tokens, failures."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("Prompt statistics"),
            "opts": self.model._meta,
            "rows": prompt_statistics(),
        }
        return TemplateResponse(request, "admin/chef_site/prompt_statistics.html", context)


StatisticsRow = tuple[str, str, dict[str, Any]]
_STATISTICS_SOURCES: list[Callable[[], Iterable[StatisticsRow]]] = []


def add_prompt_statistics(source: Callable[[], Iterable[StatisticsRow]]) -> None:
    """An app adds its own numbers per (prompt version, model): recipes adds recipes and stars."""
    if source not in _STATISTICS_SOURCES:
        _STATISTICS_SOURCES.append(source)


def prompt_statistics() -> list[dict[str, Any]]:
    """One row per (prompt version, model): the calls from the log, the rest from the apps.

    Recipe writing and ingredient recognition are both listed; recipes and reviews only exist for
    the former.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}

    def row(prompt_version: str, model: str) -> dict[str, Any]:
        return rows.setdefault(
            (prompt_version, model),
            {
                "prompt_version": prompt_version,
                "model": model,
                "recipes": 0,
                "reviews": 0,
                "avg_rating": None,
                "calls": 0,
                "salvaged": 0,
                "repaired": 0,
                "avg_tokens": None,
                "failure_ratio": None,
            },
        )

    for source in _STATISTICS_SOURCES:
        for prompt_version, model, values in source():
            row(prompt_version, model).update(values)
    calls = (
        ModelCall.objects.values("prompt_version", "model")
        .annotate(
            n=Count("id"),
            failed=Count("id", filter=~Q(outcome__in=ANSWERED)),
            salvaged=Count("id", filter=Q(outcome=ModelCall.Outcome.SALVAGED)),
            # The repair round: the call after the model was shown its validation error.
            repaired=Count("id", filter=Q(outcome__in=ANSWERED, attempt__gt=1)),
            tokens=Avg(
                Coalesce(F("prompt_eval_count"), Value(0)) + Coalesce(F("eval_count"), Value(0)),
                filter=Q(outcome__in=ANSWERED),
                output_field=FloatField(),
            ),
        )
        .annotate(
            ratio=Case(
                When(n=0, then=Value(None)),
                default=F("failed") * 1.0 / F("n"),
                output_field=FloatField(),
            )
        )
    )
    for c in calls:
        target = row(c["prompt_version"], c["model"])
        target |= {
            "calls": c["n"],
            "salvaged": c["salvaged"],
            "repaired": c["repaired"],
            "avg_tokens": c["tokens"],
            "failure_ratio": c["ratio"],
        }
    return sorted(rows.values(), key=lambda r: (r["prompt_version"], r["model"]))


SIGNAL_NAMES = {"recall": _("recall"), "favourite_rate": _("favourite rate")}


def verdict_words(v: Verdict) -> str:
    """The verdict as a sentence for staff."""
    signal = SIGNAL_NAMES.get(v.signal, v.signal)
    if v.state == "single":
        return str(_("Fewer than two active variants: nothing to compare."))
    if v.state == "not_enough_data":
        return str(
            _("Not enough data yet: each active variant needs at least %(needs)s more.")
            % {"needs": v.needs or "a few"}
        )
    params = {"leader": v.leader, "other": v.other, "signal": signal, "p": f"{v.p_value:.3f}"}
    if v.state == "better":
        return str(_("%(leader)s does better than %(other)s on %(signal)s (p = %(p)s).") % params)
    return str(
        _("No clear difference between %(leader)s and %(other)s on %(signal)s yet (p = %(p)s).")
        % params
    )


@admin.register(PromptVariant)
class PromptVariantAdmin(admin.ModelAdmin[PromptVariant]):
    """Prompt variants: edited freely until a job uses one, then copied to a new version."""

    list_display = ("label", "kind", "active", "weight", "model", "created_at")
    list_filter = ("kind", "active")
    search_fields = ("name", "notes")
    actions = ("copy_as_new_version", "promote_variant")
    fields = (
        "kind",
        "name",
        "version",
        "active",
        "weight",
        "model",
        "options",
        "system",
        "user_template",
        "notes",
    )

    def get_readonly_fields(
        self, request: HttpRequest, obj: PromptVariant | None = None
    ) -> tuple[str, ...]:
        return PromptVariant.FROZEN if obj is not None and obj.is_used() else ()

    def has_delete_permission(self, request: HttpRequest, obj: PromptVariant | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_used())

    @admin.action(description=_("Copy as a new version (inactive)"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[PromptVariant]) -> None:
        made = []
        for variant in queryset:
            copy = variant.new_version()
            copy.save()
            made.append(copy.label)
        self.message_user(
            request,
            _("Made %(labels)s: edit, then activate.") % {"labels": ", ".join(made)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Promote: make it the only active variant of its kind"))
    def promote_variant(self, request: HttpRequest, queryset: QuerySet[PromptVariant]) -> None:
        chosen = list(queryset)
        if len({v.kind for v in chosen}) != len(chosen):
            self.message_user(request, _("Promote one variant per kind at a time."), messages.ERROR)
            return
        for variant in chosen:
            stopped = promote(variant)
            self.message_user(
                request,
                ngettext(
                    "%(label)s is now the only active variant; %(n)d other was stopped.",
                    "%(label)s is now the only active variant; %(n)d others were stopped.",
                    stopped,
                )
                % {"label": variant.label, "n": stopped},
                messages.SUCCESS,
            )

    def get_urls(self) -> list[URLPattern]:
        report = path(
            "report/",
            self.admin_site.admin_view(self.report_view),
            name="chef_site_promptvariant_report",
        )
        return [report, *super().get_urls()]

    def report_view(self, request: HttpRequest) -> HttpResponse:
        """Every variant's signals, per kind, with the verdict on the active ones."""
        rows = variant_report()
        kinds = [
            {
                "label": label,
                "rows": [r for r in rows if r["kind"] == kind],
                "verdict": verdict_words(verdict(rows, kind)),
            }
            for kind, label in PromptVariant.Kind.choices
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Prompt variant report"),
            "opts": self.model._meta,
            "kinds": kinds,
        }
        return TemplateResponse(request, "admin/chef_site/prompt_variant_report.html", context)
