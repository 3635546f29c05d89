"""Input and output shapes of the scan endpoints."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from core.api.serializers import JobFieldsSerializer
from vision.models import Scan


def photo_url(scan_id: int) -> str:
    """Where an API client downloads a scan's photo: owner-checked, with the same credentials.

    Never the raw media path. (The pages use their own session-only address for the photo.)
    """
    return reverse("api:scan-image", args=[scan_id])


class ScanCreateInputSerializer(serializers.Serializer[Any]):
    image = serializers.FileField(
        allow_empty_file=True,  # the service explains an empty file in plain words
        help_text="A JPEG, PNG, WebP or HEIC photo of up to 15 MB.",
    )
    fresh = serializers.BooleanField(
        default=False,
        help_text="Recognise again even if the same photo was recognised before.",
    )


class ScanIngredientOutputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    confidence = serializers.FloatField(allow_null=True, help_text="0–1, when the model gave one.")


class ScanOutputSerializer(JobFieldsSerializer):
    image_url = serializers.SerializerMethodField()
    language = serializers.CharField(
        help_text=(
            "The language the ingredient names are in (`ru` or `en`): the profile's when the "
            "photo was sent. The same photo sent in another language is read again."
        )
    )
    ingredients = ScanIngredientOutputSerializer(many=True, help_text="Empty until succeeded.")

    def get_image_url(self, scan: Scan) -> str:
        return photo_url(scan.pk)
