"""Scans: upload a photo (202 + polling), read, list, delete, retry, cancel.

The OpenAPI documentation of each view is in vision/api/schema.py.
"""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework.parsers import FormParser
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from core.api.base import BaseApi
from core.api.base import JobCreateApi
from core.api.base import validated
from core.api.errors import error_response
from core.api.jobs import JobApi
from core.api.jobs import JobCancelApi
from core.api.jobs import JobDetailApi
from core.api.jobs import JobRetryApi
from vision.api import schema
from vision.api.serializers import ScanCreateInputSerializer
from vision.api.serializers import ScanOutputSerializer
from vision.images import ImageRejected
from vision.models import Scan
from vision.photos import photo_response
from vision.rejections import rejection_message
from vision.selectors import scan_get_for
from vision.selectors import scan_list_for
from vision.services import scan_cancel
from vision.services import scan_create
from vision.services import scan_delete
from vision.services import scan_retry


class ScanApi(JobApi[Scan]):
    # What the job endpoints of core.api.jobs do with a scan. (A comment, not a docstring:
    # drf-spectacular would show a docstring as the description of the operations.)

    detail_url_name = "api:scan-detail"
    job_model = Scan
    retry_refused: ClassVar[StrOrPromise] = _("Only a failed or cancelled scan can be retried.")
    cancel_refused: ClassVar[StrOrPromise] = _(
        "This scan has finished; only a queued or running one can be cancelled."
    )

    def get_job(self, request: Request, pk: Any) -> Scan:
        return scan_get_for(user=me(request), pk=pk)

    def job_body(self, request: Request, job: Scan) -> dict[str, Any]:
        return ScanOutputSerializer(job).data

    def delete_job(self, job: Scan) -> None:
        scan_delete(scan=job)

    def retry_job(self, job: Scan) -> bool:
        return scan_retry(scan=job)

    def cancel_job(self, job: Scan) -> bool:
        return scan_cancel(scan=job)


@schema.scan_list_schema
class ScanListCreateApi(ScanApi, JobCreateApi):
    parser_classes = (MultiPartParser, FormParser)

    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=scan_list_for(user=me(request)),
            serializer_class=ScanOutputSerializer,
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
            message = rejection_message(exc)
            return error_response(exc.code, message, 400, details={"image": [message]})
        return self.accepted(request, scan)


@schema.scan_detail_schema
class ScanDetailApi(ScanApi, JobDetailApi[Scan]):
    pass


@schema.scan_image_schema
class ScanImageApi(BaseApi):
    """The uploaded photo (re-encoded JPEG, no metadata), to its owner only."""

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # The photo is not rendered by DRF; errors still are, as JSON whatever the Accept header.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request: Request, pk: int) -> HttpResponseBase:
        return photo_response(scan_get_for(user=me(request), pk=pk))


@schema.scan_retry_schema
class ScanRetryApi(ScanApi, JobRetryApi[Scan]):
    pass


@schema.scan_cancel_schema
class ScanCancelApi(ScanApi, JobCancelApi[Scan]):
    pass
