"""Sign-up, token sign-in and the cooking profile."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.serializers import (
    ProfileOutputSerializer,
    ProfileUpdateInputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    TokenInputSerializer,
    TokenOutputSerializer,
)
from accounts.current import me
from accounts.models import User
from accounts.services import profile_get, profile_update, user_register, user_token
from core.api.base import BaseApi, error, errors, field_error, validated
from core.api.errors import error_response
from core.api.throttles import AuthThrottle

TAG = ["auth"]

TAKEN = "That username is taken. Please choose another."


class AnonymousApi(BaseApi):
    """Open to anyone, so no session (and no CSRF check); throttled per address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AuthThrottle,)


class RegisterApi(AnonymousApi):
    @extend_schema(
        tags=TAG,
        summary="Create an account",
        description=(
            "Creates the account and its cooking profile and returns an API token. The password "
            "must pass the site's password rules (length, not common, not all digits, not like "
            "the username)."
        ),
        request=RegisterInputSerializer,
        responses={
            201: RegisterOutputSerializer,
            400: error(
                "A field is invalid, the username is taken or the password is too weak.",
                OpenApiExample(
                    "Weak password",
                    value={
                        "error": {
                            "code": "invalid",
                            "message": "Some fields are invalid.",
                            "details": {
                                "password": [
                                    "This password is too short. It must contain "
                                    "at least 10 characters."
                                ]
                            },
                        }
                    },
                    response_only=True,
                    status_codes=["400"],
                ),
            ),
            429: errors(429)[429],
        },
        examples=[
            OpenApiExample(
                "Sign up",
                value={
                    "username": "alice",
                    "email": "alice@example.com",
                    "password": "a long kitchen passphrase",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={
                    "id": 7,
                    "username": "alice",
                    "email": "alice@example.com",
                    "token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = validated(RegisterInputSerializer, request.data)
        if User.objects.filter(username__iexact=data["username"]).exists():
            return field_error("username", TAKEN)
        try:
            user = user_register(
                username=data["username"], email=data["email"], password=data["password"]
            )
        except DjangoValidationError as exc:
            return error_response(
                "invalid", "Some fields are invalid.", 400, details={"password": exc.messages}
            )
        except IntegrityError:  # the same name registered a moment ago
            return field_error("username", TAKEN)
        body = RegisterOutputSerializer(
            {
                "id": user.pk,
                "username": user.username,
                "email": user.email,
                "token": user_token(user=user),
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)


class TokenApi(AnonymousApi):
    @extend_schema(
        tags=TAG,
        summary="Get an API token",
        description=(
            "Exchanges a username and password for the account's API token (the same token each "
            "time). Repeated wrong passwords lock the name out for a while (429)."
        ),
        request=TokenInputSerializer,
        responses={
            200: TokenOutputSerializer,
            400: error(
                "Missing fields, or a wrong username or password.",
                OpenApiExample(
                    "Wrong password",
                    value={
                        "error": {
                            "code": "invalid_credentials",
                            "message": "Wrong username or password.",
                            "details": None,
                        }
                    },
                    response_only=True,
                    status_codes=["400"],
                ),
            ),
            429: error(
                "Too many attempts from this address, or too many wrong passwords.",
                OpenApiExample(
                    "Locked out",
                    value={
                        "error": {
                            "code": "locked_out",
                            "message": "Too many failed sign-in attempts. Try again in 15 minutes.",
                            "details": {"retry_after": 900},
                        }
                    },
                    response_only=True,
                    status_codes=["429"],
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Sign in",
                value={"username": "alice", "password": "a long kitchen passphrase"},
                request_only=True,
            ),
            OpenApiExample(
                "Token",
                value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
                response_only=True,
                status_codes=["200"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = validated(TokenInputSerializer, request.data)
        # The DRF request goes to authenticate() so that django-axes counts the attempt and
        # flags a lockout on it; the flag stays on this request, and the answer stays ours.
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return _locked_out()
        if user is None or not isinstance(user, User):
            return error_response("invalid_credentials", "Wrong username or password.", 400)
        # A sign-in like the site's: last_login is updated and axes forgets earlier failures.
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response(TokenOutputSerializer({"token": user_token(user=user)}).data)


def _locked_out() -> Response:
    cool_off = settings.AXES_COOLOFF_TIME  # hours
    seconds = max(60, math.ceil(float(cool_off or 0) * 3600))
    minutes = math.ceil(seconds / 60)
    return error_response(
        "locked_out",
        f"Too many failed sign-in attempts. Try again in {minutes} minutes.",
        status.HTTP_429_TOO_MANY_REQUESTS,
        details={"retry_after": seconds},
        headers={"Retry-After": str(seconds)},
    )


PROFILE_EXAMPLE = {
    "diet": "vegetarian",
    "allergies": ["peanuts"],
    "disliked_ingredients": ["coriander"],
    "favorite_cuisines": ["italian", "indian"],
    "skill_level": "beginner",
    "servings": 2,
    "max_minutes": 30,
    "language": "en",
    "updated_at": "2025-01-10T18:30:00Z",
}


class ProfileApi(BaseApi):
    @extend_schema(
        tags=["profile"],
        summary="Read my cooking profile",
        responses={200: ProfileOutputSerializer, **errors()},
        examples=[
            OpenApiExample(
                "Profile", value=PROFILE_EXAMPLE, response_only=True, status_codes=["200"]
            )
        ],
    )
    def get(self, request: Request) -> Response:
        profile = profile_get(user=me(request))
        return Response(ProfileOutputSerializer(profile).data)

    @extend_schema(
        tags=["profile"],
        summary="Change my cooking profile",
        description=(
            "Send only the fields to change. Lists are trimmed and de-duplicated; every new "
            "generation respects the profile as it is at that moment."
        ),
        request=ProfileUpdateInputSerializer,
        responses={
            200: OpenApiResponse(
                ProfileOutputSerializer, description="The profile after the change."
            ),
            **errors(400),
        },
        examples=[
            OpenApiExample(
                "Vegetarian, no peanuts",
                value={"diet": "vegetarian", "allergies": ["peanuts"], "max_minutes": 30},
                request_only=True,
            ),
            OpenApiExample(
                "Profile", value=PROFILE_EXAMPLE, response_only=True, status_codes=["200"]
            ),
        ],
    )
    def patch(self, request: Request) -> Response:
        data = validated(ProfileUpdateInputSerializer, request.data)
        profile = profile_update(user=me(request), data=dict(data))
        return Response(ProfileOutputSerializer(profile).data)
