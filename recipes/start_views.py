"""Where a request for recipes starts: the home page (a photo, or typed ingredients) and a
scan's page (the recognised list to fix, then "Get recipes")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from accounts.current import signed_in
from core.jobs import JobStatus
from core.pages import job_rate_limited
from recipes.forms import IngredientsEditForm
from recipes.forms import RecipeOptionsForm
from recipes.forms import TypedIngredientsForm
from recipes.forms import rows_for_scan
from recipes.models import Generation
from recipes.services import GenerationInputError
from recipes.services import generation_create
from vision.forms import PhotoForm
from vision.images import ImageRejected
from vision.rejections import rejection_message
from vision.services import scan_create
from vision.views import SCAN_PAGES


def _generation_from(
    request: HttpRequest, form: RecipeOptionsForm, **extra: Any
) -> Generation | None:
    """Ask for recipes from a valid form; a refusal becomes an error on the form (None)."""
    try:
        return generation_create(
            user=signed_in(request),
            ingredients=form.cleaned_data["ingredients"],
            **extra,
            **form.options(),
        )
    except GenerationInputError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


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
            form.add_error("photo", rejection_message(exc))
        else:
            return redirect(scan)
    return render_home(request, upload_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the photo is looked at, then the ingredients to fix and "Get recipes"."""
    scan = SCAN_PAGES.own(request, pk)
    if request.method == "POST":
        if limited := job_rate_limited(request):
            return limited
        if scan.status != JobStatus.SUCCEEDED:
            messages.info(request, _("Wait until the photo has been looked at."))
            return redirect(scan)
        form = IngredientsEditForm(request.POST)
        if form.is_valid() and (
            generation := _generation_from(
                request, form, must_use=form.cleaned_data["must_use"], scan=scan
            )
        ):
            return redirect(generation)
        status = 400
    else:
        form = IngredientsEditForm()
        form.rows = rows_for_scan(scan)
        status = 200
    return render(request, "vision/scan_detail.html", {"scan": scan, "form": form}, status=status)


@login_required
@require_POST
def generation_create_view(request: HttpRequest) -> HttpResponse:
    """Skip the photo: recipes from typed ingredients; errors are shown on the home page."""
    if limited := job_rate_limited(request):
        return limited
    form = TypedIngredientsForm(request.POST)
    if form.is_valid() and (generation := _generation_from(request, form)):
        return redirect(generation)
    return render_home(request, ingredients_form=form, status=400)
