"""The OpenAPI documentation of the scan endpoints, applied to the views with
extend_schema_view: the views hold only their handlers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view

from core.api.base import error
from core.api.base import errors
from core.api.base import response_example
from core.api.errors import error_example
from core.openapi import JobEndpoints
from vision.api.serializers import ScanCreateInputSerializer
from vision.api.serializers import ScanOutputSerializer

TAG = ["scans"]
SCANS = JobEndpoints(noun="scan", tags=TAG, output=ScanOutputSerializer)
CANCEL_REFUSED = SCANS.cancel_refused

SCAN_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "status": "succeeded",
    "progress": 100,
    "eta_seconds": None,
    "stage": "Done",
    "stage_code": "done",
    "error_code": "",
    "error_message": "",
    "created_at": "2025-01-10T18:30:00Z",
    "started_at": "2025-01-10T18:30:01Z",
    "finished_at": "2025-01-10T18:30:09Z",
    "model": "qwen2.5vl:7b",
    "image_url": "/api/v1/scans/42/image/",
    "language": "en",
    "ingredients": [{"name": "tomato", "confidence": 0.94}, {"name": "eggs", "confidence": 0.91}],
}
QUEUED_EXAMPLE = {
    **SCAN_EXAMPLE,
    "status": "queued",
    "progress": 0,
    "eta_seconds": 9,
    "stage": "Queued",
    "stage_code": "queued",
    "started_at": None,
    "finished_at": None,
    "ingredients": [],
}
RUNNING_EXAMPLE = {
    **QUEUED_EXAMPLE,
    "status": "running",
    "progress": 55,
    "eta_seconds": 4,
    "stage": "Looking at your photo",
    "stage_code": "reading_photo",
    "started_at": "2025-01-10T18:30:01Z",
}
CANCELLED_EXAMPLE = {
    **RUNNING_EXAMPLE,
    "status": "cancelled",
    "eta_seconds": None,
    "stage": "Cancelled",
    "stage_code": "cancelled",
    "finished_at": "2025-01-10T18:30:05Z",
}
FAILED_EXAMPLE = {
    **SCAN_EXAMPLE,
    "status": "failed",
    "progress": 30,
    "stage": "Failed",
    "stage_code": "failed",
    "error_code": "ai_unavailable",
    "error_message": (
        "The AI was not reachable for 30 minutes, so we stopped waiting. Press Retry to try again."
    ),
    "ingredients": [],
}


scan_list_schema = extend_schema_view(
    get=SCANS.page(
        description="Newest first, paginated.",
        item=ScanOutputSerializer,
        example=response_example("Page of scans", SCAN_EXAMPLE),
    ),
    post=SCANS.create(
        summary="Upload a photo to recognise its ingredients",
        description=(
            "Stores the photo and queues recognition; answers 202 at once with the scan and a "
            "`Location` to poll (`GET /api/v1/scans/{id}/`) until `status` is `succeeded`, "
            "`failed` or `cancelled`. The same photo uploaded again reuses the earlier result "
            "unless `fresh`."
        ),
        request={"multipart/form-data": ScanCreateInputSerializer},
        queued="Queued (or already done, for a known photo).",
        invalid=error(
            "Not a usable photo: too large, empty, unreadable, too many pixels.",
            error_example(
                "Too large",
                "too_large",
                "The photo is larger than 15 MB.",
                {"image": ["The photo is larger than 15 MB."]},
            ),
        ),
        examples=[response_example("Queued", QUEUED_EXAMPLE, 202)],
    ),
)

scan_detail_schema = SCANS.detail(
    description=(
        "Poll every second or two until `status` is `succeeded`, `failed` or `cancelled`. "
        "`eta_seconds` says how long it should still take (null when unknown)."
    ),
    examples=[
        response_example("Running", RUNNING_EXAMPLE),
        response_example("Done", SCAN_EXAMPLE),
        response_example("Failed", FAILED_EXAMPLE),
        response_example("Cancelled", CANCELLED_EXAMPLE),
    ],
    delete_summary="Delete a scan and its photo",
)

scan_image_schema = extend_schema_view(
    get=extend_schema(
        tags=TAG,
        summary="Download a scan's photo",
        description="The stored JPEG (orientation applied, metadata removed). Owner only.",
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY, **errors(404)},
    ),
)

scan_retry_schema = SCANS.retry(
    description=(
        "Queues the failed or cancelled scan again with its photo (202); any other state "
        "answers 409."
    ),
    queued=QUEUED_EXAMPLE,
)

scan_cancel_schema = SCANS.cancel(
    description=(
        "The scan is `cancelled` at once; a worker looking at the photo stops within about "
        "a second and the model stops. The photo stays, so the scan can be retried. A scan "
        "that has already finished answers 409."
    ),
    cancelled=CANCELLED_EXAMPLE,
)
