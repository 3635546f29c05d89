"""Account pages: sign up (then signed in at once) and the cooking profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from accounts.current import signed_in
from accounts.forms import ProfileForm
from accounts.forms import SignUpForm
from accounts.services import profile_get
from accounts.services import profile_language_set
from accounts.services import profile_update
from accounts.services import user_register
from core import languages


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create the account and its profile, sign in, and go straight to the profile."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_register(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error("password2", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Tell us how you cook, so every recipe fits you."))
            return redirect("profile")
    status = 400 if form.errors else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """Diet, allergies and the rest; every new recipe request respects what is saved here."""
    current = profile_get(user=signed_in(request))
    form = ProfileForm.for_profile(current, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(user=signed_in(request), data=dict(form.cleaned_data))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/profile.html", {"form": form, "profile": current}, status=status
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switch: Django's set_language (cookie, then back to `next`).

    A signed-in person's choice is saved in the profile too, which wins over the browser on
    every later page and is the language new recipes are written in.
    """
    response = i18n.set_language(request)
    language = languages.supported(request.POST.get("language"))
    if language is not None and request.user.is_authenticated:
        profile_language_set(user=signed_in(request), language=language)
    return response
