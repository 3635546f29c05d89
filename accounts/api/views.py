"""Sign-up, token sign-in and the cooking profile."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import schema
from accounts.api.serializers import ProfileOutputSerializer
from accounts.api.serializers import ProfileUpdateInputSerializer
from accounts.api.serializers import RegisterInputSerializer
from accounts.api.serializers import RegisterOutputSerializer
from accounts.api.serializers import TokenInputSerializer
from accounts.api.serializers import TokenOutputSerializer
from accounts.current import me
from accounts.models import User
from accounts.services import profile_get
from accounts.services import profile_update
from accounts.services import user_register
from accounts.services import user_token
from core.api.base import BaseApi
from core.api.base import field_error
from core.api.base import validated
from core.api.errors import error_response
from core.api.throttles import AuthThrottle

TAKEN = gettext_lazy("That username is taken. Please choose another.")


class AnonymousApi(BaseApi):
    """Open to anyone, so no session (and no CSRF check); throttled per address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)


@schema.register_schema
class RegisterApi(AnonymousApi):
    def post(self, request: Request) -> Response:
        data = validated(RegisterInputSerializer, request.data)
        if User.objects.filter(username__iexact=data["username"]).exists():
            return field_error("username", str(TAKEN))
        try:
            user = user_register(
                username=data["username"], email=data["email"], password=data["password"]
            )
        except DjangoValidationError as exc:
            return error_response(
                "invalid", _("Some fields are invalid."), 400, details={"password": exc.messages}
            )
        except IntegrityError:  # the same name registered a moment ago
            return field_error("username", str(TAKEN))
        body = RegisterOutputSerializer(
            {
                "id": user.pk,
                "username": user.username,
                "email": user.email,
                "token": user_token(user=user),
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


@schema.token_schema
class TokenApi(AnonymousApi):
    def post(self, request: Request) -> Response:
        data = validated(TokenInputSerializer, request.data)
        # The DRF request goes to authenticate() so that django-axes counts the attempt and
        # flags a lockout on it; the flag stays on this request, and the answer stays ours.
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return _locked_out()
        if user is None or not isinstance(user, User):
            return error_response("invalid_credentials", _("Wrong username or password."), 400)
        # A sign-in like the site's: last_login is updated and axes forgets earlier failures.
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response(TokenOutputSerializer({"token": user_token(user=user)}).data)


def _locked_out() -> Response:
    cool_off = settings.AXES_COOLOFF_TIME  # hours
    seconds = max(60, math.ceil(float(cool_off or 0) * 3600))
    minutes = math.ceil(seconds / 60)
    return error_response(
        "locked_out",
        ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            minutes,
        )
        % {"minutes": minutes},
        status.HTTP_429_TOO_MANY_REQUESTS,
        details={"retry_after": seconds},
        headers={"Retry-After": str(seconds)},
    )


@schema.profile_schema
class ProfileApi(BaseApi):
    def get(self, request: Request) -> Response:
        profile = profile_get(user=me(request))
        return Response(ProfileOutputSerializer(profile).data)

    def patch(self, request: Request) -> Response:
        data = validated(ProfileUpdateInputSerializer, request.data)
        profile = profile_update(user=me(request), data=dict(data))
        return Response(ProfileOutputSerializer(profile).data)
