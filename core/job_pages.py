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
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from core.jobs import Job
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
        @never_cache
        @login_required
        @require_GET
        def status(request: HttpRequest, pk: int) -> HttpResponse:
            """The progress fragment the job's page polls; data-finished="true" stops it."""
            job = self.own(request, pk)
            context = {"job": job, "poll_url": reverse(self.status_url, args=[job.pk])}
            if self.status_context is not None:
                context |= self.status_context(request, job)
            return render(request, self.status_template, context)

        return status

    def retry_view(self) -> View:
        @login_required
        @require_POST
        def retry(request: HttpRequest, pk: int) -> HttpResponse:
            """Try a failed job again with the input it already has."""
            job = self.own(request, pk)
            if limited := job_rate_limited(request):
                return limited
            messages.info(request, self.retried if self.retry(job) else self.not_waiting)
            return redirect(job.get_absolute_url())

        return retry

    def cancel_view(self) -> View:
        @login_required
        @require_POST
        def cancel(request: HttpRequest, pk: int) -> HttpResponse:
            """Stop a queued or running job; it can be retried afterwards."""
            job = self.own(request, pk)
            messages.info(request, self.cancelled if self.cancel(job) else self.not_running)
            return redirect(job.get_absolute_url())

        return cancel

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
