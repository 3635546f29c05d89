"""Scans in the admin: status and errors at a glance, the photo, the result, the retry action."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import JobAdmin
from core.admin import ScanModelCallInline
from core.admin import job_fieldset
from vision.models import Scan
from vision.models import ScanIngredient


class ScanIngredientInline(admin.TabularInline[ScanIngredient, Scan]):
    model = ScanIngredient
    extra = 0
    fields = ("position", "name", "confidence")
    ordering = ("position", "id")


@admin.register(Scan)
class ScanAdmin(JobAdmin):
    list_display = ("id", "user", *JobAdmin.job_columns)
    list_display_links = ("id",)
    raw_id_fields = ("user", "reused_from")
    readonly_fields = (
        *JobAdmin.job_readonly,
        "photo",
        "image",
        "image_sha256",
        "width",
        "height",
        "language",
    )
    fieldsets = (
        (
            None,
            {"fields": ("user", "language", "photo", "image", "width", "height", "image_sha256")},
        ),
        job_fieldset(("model_name", "attempts", "reused_from")),
    )
    inlines = (ScanIngredientInline, ScanModelCallInline)

    @admin.display(description=_("Photo"))
    def photo(self, obj: Scan) -> str:
        if not obj.image:
            return "—"
        return format_html(
            '<img src="{}" alt="Scan {}" style="max-width: 320px; max-height: 240px">',
            obj.image.url,
            obj.pk,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Scans come from uploads, which check and shrink the photo; none are made by hand."""
        return False
