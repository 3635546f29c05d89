"""Photo pages: the home page upload, a scan's progress and its editable ingredients, the photo."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chef_site.jobs import JobStatus
from chef_site.pages import job_rate_limited, signed_in
from recipes.forms import TypedIngredientsForm
from recipes.services import GenerationInputError, generation_create
from vision.forms import IngredientsEditForm, PhotoForm, rows_for_scan
from vision.images import ImageRejected
from vision.models import Scan
from vision.photos import photo_response
from vision.selectors import parse_id, scan_get_for
from vision.services import scan_create, scan_delete, scan_retry


def render_home(
    request: HttpRequest,
    *,
    upload_form: PhotoForm | None = None,
    ingredients_form: TypedIngredientsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The signed-in home page; also re-shown by the typed-ingredients form with its errors."""
    context = {
        "upload_form": upload_form or PhotoForm(),
        "ingredients_form": ingredients_form or TypedIngredientsForm(),
    }
    return render(request, "home.html", context, status=status)


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Upload a photo (or, below, type ingredients); anonymous visitors get the landing page."""
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('login')}?next=/")
        return render(request, "landing.html")
    if request.method == "GET":
        return render_home(request)
    if limited := job_rate_limited(request):
        return limited
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        photo = form.cleaned_data["photo"]
        try:
            scan = scan_create(user=signed_in(request), file=photo, size=photo.size)
        except ImageRejected as exc:
            form.add_error("photo", exc.message)
        else:
            return redirect(scan)
    return render_home(request, upload_form=form, status=400)


def _own_scan(request: HttpRequest, pk: int) -> Scan:
    """The cook's own scan, or 404: another person's id must look exactly like a missing one."""
    try:
        return scan_get_for(user=signed_in(request), pk=pk)
    except Scan.DoesNotExist as exc:
        raise Http404("No such scan.") from exc


@login_required
@require_http_methods(["GET", "POST"])
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the photo is looked at, then the ingredients to fix and "Get recipes"."""
    scan = _own_scan(request, pk)
    if request.method == "POST":
        if limited := job_rate_limited(request):
            return limited
        if scan.status != JobStatus.SUCCEEDED:
            messages.info(request, "Wait until the photo has been looked at.")
            return redirect(scan)
        form = IngredientsEditForm(request.POST)
        if form.is_valid():
            try:
                generation = generation_create(
                    user=signed_in(request),
                    ingredients=form.cleaned_data["ingredients"],
                    must_use=form.cleaned_data["must_use"],
                    scan=scan,
                    **form.options(),
                )
            except GenerationInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect(generation)
        status = 400
    else:
        form = IngredientsEditForm()
        form.rows = rows_for_scan(scan)
        status = 200
    return render(request, "vision/scan_detail.html", {"scan": scan, "form": form}, status=status)


@never_cache
@login_required
@require_GET
def scan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the scan page polls; data-finished="true" tells it to stop."""
    scan = _own_scan(request, pk)
    return render(
        request,
        "includes/job_status.html",
        {"job": scan, "poll_url": reverse("vision:scan-status", args=[scan.pk])},
    )


@login_required
@require_POST
def scan_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Try a failed scan again with the photo already uploaded."""
    scan = _own_scan(request, pk)
    if limited := job_rate_limited(request):
        return limited
    if scan_retry(scan=scan):
        messages.info(request, "Trying again with the same photo.")
    else:
        messages.info(request, "This photo is not waiting for a retry.")
    return redirect(scan)


@login_required
@require_http_methods(["GET", "POST"])
def scan_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then delete the scan and its photo (POST)."""
    scan = _own_scan(request, pk)
    if request.method == "POST":
        scan_delete(scan=scan)
        messages.success(request, "The photo and its ingredients are deleted.")
        return redirect("recipes:history")
    return render(request, "vision/scan_confirm_delete.html", {"scan": scan})


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The uploaded photo, to its owner only; anyone else gets 404 as if it did not exist.

    Behind nginx (MEDIA_X_ACCEL_PREFIX set) Django only checks the owner and nginx sends the file.
    """
    scan_id = parse_id(pk)  # an id beyond the column's range is "not found", not an error
    scan = Scan.objects.filter(user=signed_in(request), pk=scan_id or 0).only("id", "image").first()
    if scan is None:
        raise Http404("No such photo.")
    return photo_response(scan)
