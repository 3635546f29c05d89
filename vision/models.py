"""A scan: one uploaded photo and the ingredients recognised in it."""

import uuid
from pathlib import PurePosixPath
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from core.jobs import progress_check


def scan_image_path(instance: "Scan", filename: str) -> str:
    """Generated names only: the user's file name never reaches the disk."""
    return str(PurePosixPath("scans") / f"{uuid.uuid4().hex}.jpg")


class Scan(Job):
    kind = "scan"
    ai_service = "photo"
    etag_children = "ingredients"
    model_purpose = "vision"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scans"
    )
    image = models.FileField(_("photo"), upload_to=scan_image_path, max_length=200)
    image_sha256 = models.CharField(_("photo checksum"), max_length=64, db_index=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    # The profile's language when the photo was sent: the names are asked for in it, and an
    # earlier result is reused only for a scan in the same language.
    language = models.CharField(_("language"), max_length=5, default="en")

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ("-created_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [progress_check("scan")]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Scan #{self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("recipes:scan-detail", args=[self.pk])


class ScanIngredient(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="ingredients")
    name = models.CharField(_("name"), max_length=80)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("recognised ingredient")
        verbose_name_plural = _("recognised ingredients")
        ordering = ("position", "id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True)
                | models.Q(confidence__gte=0, confidence__lte=1),
                name="scaningredient_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.name
