"""The OpenAPI documentation of the scan endpoints, applied to the views with
extend_schema_view: the views hold only their handlers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)

from core.api.base import error, errors, job_headers, response_example
from vision.api.serializers import ScanCreateInputSerializer, ScanOutputSerializer

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


scan_list_schema = extend_schema_view(
    get=extend_schema(
        tags=TAG,
        summary="List my scans",
        description="Newest first, paginated.",
        responses={200: ScanOutputSerializer(many=True), **errors(404)},
        examples=[response_example("Page of scans", SCAN_EXAMPLE)],
    ),
    post=extend_schema(
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
                response_example(
                    "Too large",
                    {
                        "error": {
                            "code": "too_large",
                            "message": "The photo is larger than 15 MB.",
                            "details": {"image": ["The photo is larger than 15 MB."]},
                        }
                    },
                    400,
                ),
            ),
            **errors(429),
        },
        examples=[response_example("Queued", QUEUED_EXAMPLE, 202)],
    ),
)

scan_detail_schema = extend_schema_view(
    get=extend_schema(
        tags=TAG,
        summary="Poll one scan",
        description="Poll every second or two until `status` is `succeeded` or `failed`.",
        responses={200: ScanOutputSerializer, **errors(404)},
        examples=[
            response_example("Done", SCAN_EXAMPLE),
            response_example("Failed", FAILED_EXAMPLE),
        ],
    ),
    delete=extend_schema(
        tags=TAG,
        summary="Delete a scan and its photo",
        responses={204: None, **errors(404)},
    ),
)

scan_image_schema = extend_schema_view(
    get=extend_schema(
        tags=TAG,
        summary="Download a scan's photo",
        description="The stored JPEG (orientation applied, metadata removed). Owner only.",
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY, **errors(404)},
    ),
)

scan_retry_schema = extend_schema_view(
    post=extend_schema(
        tags=TAG,
        summary="Retry a failed scan",
        parameters=job_headers(),
        description="Queues the failed scan again (202); any other state answers 409.",
        request=None,
        responses={202: ScanOutputSerializer, **errors(404, 409, 429)},
        examples=[response_example("Queued again", QUEUED_EXAMPLE, 202)],
    ),
)
