"""The base of every job endpoint: the caller's job by id, its body, 202 + Location, retry,
cancel, delete.

An app's job API names its lookup and body once (`get_job`, `job_body`, `detail_url_name`); the
poll, delete, retry and cancel handlers are written here.
"""

from __future__ import annotations

from typing import Any
from typing import ClassVar
from typing import Generic
from typing import TypeVar

from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core import job_etag
from core.api.base import BaseApi
from core.api.base import JobCreateApi
from core.api.base import conflict
from core.jobs import Job
from core.jobs import job_cancel

J = TypeVar("J", bound=Job)


class JobApi(BaseApi, Generic[J]):
    detail_url_name: ClassVar[str]
    job_model: ClassVar[type[Job]]

    def get_job(self, request: Request, pk: Any) -> J:
        """The caller's job; DoesNotExist (a 404) for anyone else's or an unknown id."""
        raise NotImplementedError

    def job_body(self, request: Request, job: J) -> dict[str, Any]:
        raise NotImplementedError

    def accepted(self, request: Request, job: J) -> Response:
        """202 with the job and where to poll it."""
        return Response(
            self.job_body(request, job),
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse(self.detail_url_name, args=[job.pk])},
        )


# (Comments, not docstrings, on these bases: drf-spectacular would show a docstring as the
# description of every operation that has none of its own.)


class JobDetailApi(JobApi[J]):
    # GET polls the job (with an ETag; 304 while unchanged, core.job_etag); DELETE removes it.
    # An unchanged job's poll is answered before the rest of the stack (NotModifiedMiddleware).
    conditional_poll: ClassVar[bool] = True

    def get(self, request: Request, pk: int) -> HttpResponseBase:
        job = self.get_job(request, pk)
        body = self.job_body(request, job)
        if job_etag.row_only(job, body):
            profile = getattr(request.user, "profile", None)
            tag = job_etag.row_tag(
                job, request=request, profile_language=getattr(profile, "language", "")
            )
        else:
            tag = job_etag.body_tag(body, request=request)
        return job_etag.answer(request, tag, Response(body))

    def delete(self, request: Request, pk: int) -> Response:
        self.delete_job(self.get_job(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete_job(self, job: J) -> None:
        raise NotImplementedError


class JobRetryApi(JobApi[J], JobCreateApi):
    # POST queues a failed job again (202); any other state is a 409.

    retry_refused: ClassVar[StrOrPromise]

    def post(self, request: Request, pk: int) -> Response:
        if not self.retry_job(self.get_job(request, pk)):
            return conflict(str(self.retry_refused))
        return self.accepted(request, self.get_job(request, pk))

    def retry_job(self, job: J) -> bool:
        raise NotImplementedError


class JobCancelApi(JobApi[J]):
    # POST stops a queued or running job (200, `cancelled`); a finished one is a 409.

    cancel_refused: ClassVar[StrOrPromise] = _("Only a queued or running job can be cancelled.")

    def post(self, request: Request, pk: int) -> Response:
        job = self.get_job(request, pk)
        if not self.cancel_job(job):
            return conflict(str(self.cancel_refused))
        return Response(self.job_body(request, job))

    def cancel_job(self, job: J) -> bool:
        return job_cancel(job=job)
