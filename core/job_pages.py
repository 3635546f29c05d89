"""The pages every job has: the progress fragment its page polls, retry, cancel and delete.

An app describes its job once (`JobPages(...)`) and takes the views from it, so the
owner-or-404 lookup, the rate limit on retries and the messages are written in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from typing import Generic
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotModified
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import URLPattern
from django.urls import path
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from core.job_etag import page_tag
from core.job_etag import request_has_tag
from core.job_etag import row_tag
from core.job_etag import tagged
from core.jobs import ACTIVE
from core.jobs import Job
from core.metrics import POLLS_NOT_MODIFIED
from core.pages import job_rate_limited

J = TypeVar("J", bound=Job)
View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class JobPages(Generic[J]):
    """How one kind of job is found, retried and deleted, and what the person is told."""

    model: type[J]
    # The signed-in person's job, or DoesNotExist: another person's id reads as a missing one.
    get_for: Callable[[HttpRequest, Any], J]
    missing: StrOrPromise  # the 404 text
    status_url: str  # URL name of the progress fragment
    retry: Callable[[J], bool]
    retried: StrOrPromise
    not_waiting: StrOrPromise
    cancel: Callable[[J], bool]
    cancelled: StrOrPromise
    not_running: StrOrPromise
    delete: Callable[[J], None]
    deleted: StrOrPromise
    confirm_template: str
    after_delete: str = "recipes:history"
    # The fragment the page polls, and what else it shows (the recipes written so far).
    status_template: str = "includes/job_status.html"
    status_context: Callable[[HttpRequest, J], dict[str, Any]] | None = None

    def own(self, request: HttpRequest, pk: Any) -> J:
        try:
            return self.get_for(request, pk)
        except self.model.DoesNotExist as exc:
            raise Http404(self.missing) from exc

    def status_view(self) -> View:
        @login_required
        @require_GET
        def status(request: HttpRequest, pk: int) -> HttpResponse:
            """The progress fragment the job's page polls; data-finished="true" stops it.

            It carries an ETag, and the page's script lets the browser send it back: a job
            that has not changed is answered 304. While the job is active and has written
            nothing below it, the tag comes from its row (core.job_etag) and nothing is
            rendered; otherwise from the fragment as rendered.
            """
            job = self.own(request, pk)
            language = get_language()
            if job.status in ACTIVE and not self._has_children(job):
                tag = row_tag(job, request=request, profile_language=language)
                if (unchanged := self._unchanged(request, job, tag)) is not None:
                    return unchanged
                return tagged(self._render_status(request, job), tag)
            response = self._render_status(request, job)
            tag = page_tag(response.content.decode(), language=language)
            return self._unchanged(request, job, tag) or tagged(response, tag)

        return status

    def _has_children(self, job: J) -> bool:
        return bool(job.etag_children) and getattr(job, job.etag_children).exists()

    def _unchanged(self, request: HttpRequest, job: J, tag: str) -> HttpResponse | None:
        if not request_has_tag(request, tag):
            return None
        POLLS_NOT_MODIFIED.labels(kind=job.kind).inc()
        return tagged(HttpResponseNotModified(), tag)

    def _render_status(self, request: HttpRequest, job: J) -> HttpResponse:
        context = {"job": job, "poll_url": reverse(self.status_url, args=[job.pk])}
        if self.status_context is not None:
            context |= self.status_context(request, job)
        return render(request, self.status_template, context)

    def _action_view(
        self,
        act: Callable[[J], bool],
        *,
        done: StrOrPromise,
        not_done: StrOrPromise,
        limited: bool = False,
    ) -> View:
        """A POST that acts on the job and says whether it could: retry and cancel."""

        @login_required
        @require_POST
        def action(request: HttpRequest, pk: int) -> HttpResponse:
            job = self.own(request, pk)
            if limited and (refused := job_rate_limited(request)):
                return refused
            messages.info(request, done if act(job) else not_done)
            return redirect(job.get_absolute_url())

        return action

    def retry_view(self) -> View:
        """Try a failed job again with the input it already has (rate limited)."""
        return self._action_view(
            self.retry, done=self.retried, not_done=self.not_waiting, limited=True
        )

    def cancel_view(self) -> View:
        """Stop a queued or running job; it can be retried afterwards."""
        return self._action_view(self.cancel, done=self.cancelled, not_done=self.not_running)

    def delete_view(self) -> View:
        @login_required
        @require_http_methods(["GET", "POST"])
        def delete(request: HttpRequest, pk: int) -> HttpResponse:
            """Ask first (GET), then delete (POST)."""
            job = self.own(request, pk)
            if request.method == "POST":
                self.delete(job)
                messages.success(request, self.deleted)
                return redirect(self.after_delete)
            context = {str(self.model._meta.model_name): job}
            return render(request, self.confirm_template, context)

        return delete

    def urlpatterns(self, prefix: str, name: str) -> list[URLPattern]:
        """`<prefix>/<pk>/status|retry|cancel|delete/`, named `<name>-status` and so on."""
        views = {
            "status": self.status_view(),
            "retry": self.retry_view(),
            "cancel": self.cancel_view(),
            "delete": self.delete_view(),
        }
        return [
            path(f"{prefix}/<int:pk>/{what}/", view, name=f"{name}-{what}")
            for what, view in views.items()
        ]
