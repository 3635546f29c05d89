"""Scans: upload a photo (202 + polling), read, list, delete, retry."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from core.api.base import (
    BaseApi,
    JobCreateApi,
    conflict,
    error,
    errors,
    job_headers,
    validated,
)
from core.api.errors import error_response
from vision.api.serializers import ScanCreateInputSerializer, ScanOutputSerializer
from vision.images import ImageRejected
from vision.models import Scan
from vision.photos import photo_response
from vision.selectors import scan_get_for, scan_list_for
from vision.services import scan_create, scan_delete, scan_retry

TAG = ["scans"]

SCAN_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "status": "succeeded",
    "progress": 100,
    "stage": "Done",
    "error_code": "",
    "error_message": "",
    "created_at": "2025-01-10T18:30:00Z",
    "started_at": "2025-01-10T18:30:01Z",
    "finished_at": "2025-01-10T18:30:09Z",
    "model": "qwen2.5vl:7b",
    "image_url": "/api/v1/scans/42/image/",
    "ingredients": [{"name": "tomato", "confidence": 0.94}, {"name": "eggs", "confidence": 0.91}],
}
QUEUED_EXAMPLE = {
    **SCAN_EXAMPLE,
    "status": "queued",
    "progress": 0,
    "stage": "Queued",
    "started_at": None,
    "finished_at": None,
    "ingredients": [],
}
FAILED_EXAMPLE = {
    **SCAN_EXAMPLE,
    "status": "failed",
    "progress": 30,
    "stage": "Failed",
    "error_code": "ai_unavailable",
    "error_message": "The AI service is unavailable right now. Press Retry in a minute.",
    "ingredients": [],
}


def _scan_body(scan: Scan) -> dict[str, Any]:
    return ScanOutputSerializer(scan).data


def _accepted(scan: Scan) -> Response:
    location = reverse("api:scan-detail", args=[scan.pk])
    return Response(
        _scan_body(scan), status=status.HTTP_202_ACCEPTED, headers={"Location": location}
    )


class ScanListCreateApi(JobCreateApi):
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        tags=TAG,
        summary="List my scans",
        description="Newest first, paginated.",
        responses={200: ScanOutputSerializer(many=True), **errors(404)},
        examples=[
            OpenApiExample(
                "Page of scans",
                value=SCAN_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=scan_list_for(user=me(request)),
            serializer_class=ScanOutputSerializer,
        )

    @extend_schema(
        tags=TAG,
        summary="Upload a photo to recognise its ingredients",
        parameters=job_headers(),
        description=(
            "Stores the photo and queues recognition; answers 202 at once with the scan and a "
            "`Location` to poll (`GET /api/v1/scans/{id}/`) until `status` is `succeeded` or "
            "`failed`. The same photo uploaded again reuses the earlier result unless `fresh`."
        ),
        request={"multipart/form-data": ScanCreateInputSerializer},
        responses={
            202: OpenApiResponse(
                ScanOutputSerializer, description="Queued (or already done, for a known photo)."
            ),
            400: error(
                "Not a usable photo: too large, empty, unreadable, too many pixels.",
                OpenApiExample(
                    "Too large",
                    value={
                        "error": {
                            "code": "too_large",
                            "message": "The photo is larger than 15 MB.",
                            "details": {"image": ["The photo is larger than 15 MB."]},
                        }
                    },
                    response_only=True,
                    status_codes=["400"],
                ),
            ),
            **errors(429),
        },
        examples=[
            OpenApiExample("Queued", value=QUEUED_EXAMPLE, response_only=True, status_codes=["202"])
        ],
    )
    def post(self, request: Request) -> Response:
        data = validated(ScanCreateInputSerializer, request.data)
        image = data["image"]
        try:
            scan = scan_create(
                user=me(request),
                file=image,
                size=image.size,
                fresh=data["fresh"],
            )
        except ImageRejected as exc:
            return error_response(exc.code, exc.message, 400, details={"image": [exc.message]})
        return _accepted(scan)


class ScanDetailApi(BaseApi):
    @extend_schema(
        tags=TAG,
        summary="Poll one scan",
        description="Poll every second or two until `status` is `succeeded` or `failed`.",
        responses={200: ScanOutputSerializer, **errors(404)},
        examples=[
            OpenApiExample("Done", value=SCAN_EXAMPLE, response_only=True, status_codes=["200"]),
            OpenApiExample(
                "Failed", value=FAILED_EXAMPLE, response_only=True, status_codes=["200"]
            ),
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        scan = scan_get_for(user=me(request), pk=pk)
        return Response(_scan_body(scan))

    @extend_schema(
        tags=TAG,
        summary="Delete a scan and its photo",
        responses={204: None, **errors(404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        scan = scan_get_for(user=me(request), pk=pk)
        scan_delete(scan=scan)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScanImageApi(BaseApi):
    """The uploaded photo (re-encoded JPEG, no metadata), to its owner only."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The photo is not rendered by DRF; errors still are, as JSON whatever the Accept header.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=TAG,
        summary="Download a scan's photo",
        description="The stored JPEG (orientation applied, metadata removed). Owner only.",
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY, **errors(404)},
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        return photo_response(scan_get_for(user=me(request), pk=pk))


class ScanRetryApi(JobCreateApi):
    @extend_schema(
        tags=TAG,
        summary="Retry a failed scan",
        parameters=job_headers(),
        description="Queues the failed scan again (202); any other state answers 409.",
        request=None,
        responses={202: ScanOutputSerializer, **errors(404, 409, 429)},
        examples=[
            OpenApiExample(
                "Queued again", value=QUEUED_EXAMPLE, response_only=True, status_codes=["202"]
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        scan = scan_get_for(user=me(request), pk=pk)
        if not scan_retry(scan=scan):
            return conflict("Only a failed scan can be retried.")
        return _accepted(scan_get_for(user=me(request), pk=pk))
