"""The OpenAPI documentation of the account endpoints (sign-up, token, profile), applied to
the views with extend_schema_view: the views hold only their handlers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view

from accounts.api.serializers import ProfileOutputSerializer
from accounts.api.serializers import ProfileUpdateInputSerializer
from accounts.api.serializers import RegisterInputSerializer
from accounts.api.serializers import RegisterOutputSerializer
from accounts.api.serializers import TokenInputSerializer
from accounts.api.serializers import TokenOutputSerializer
from core.api.base import error
from core.api.base import errors
from core.api.base import response_example

TAG = ["auth"]

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


register_schema = extend_schema_view(
    post=extend_schema(
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
                response_example(
                    "Weak password",
                    {
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
                    400,
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
            response_example(
                "Created",
                {
                    "id": 7,
                    "username": "alice",
                    "email": "alice@example.com",
                    "token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
                },
                201,
            ),
        ],
    ),
)


token_schema = extend_schema_view(
    post=extend_schema(
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
                response_example(
                    "Wrong password",
                    {
                        "error": {
                            "code": "invalid_credentials",
                            "message": "Wrong username or password.",
                            "details": None,
                        }
                    },
                    400,
                ),
            ),
            429: error(
                "Too many attempts from this address, or too many wrong passwords.",
                response_example(
                    "Locked out",
                    {
                        "error": {
                            "code": "locked_out",
                            "message": "Too many failed sign-in attempts. Try again in 15 minutes.",
                            "details": {"retry_after": 900},
                        }
                    },
                    429,
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Sign in",
                value={"username": "alice", "password": "a long kitchen passphrase"},
                request_only=True,
            ),
            response_example("Token", {"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}),
        ],
    ),
)


profile_schema = extend_schema_view(
    get=extend_schema(
        tags=["profile"],
        summary="Read my cooking profile",
        responses={200: ProfileOutputSerializer, **errors()},
        examples=[response_example("Profile", PROFILE_EXAMPLE)],
    ),
    patch=extend_schema(
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
            response_example("Profile", PROFILE_EXAMPLE),
        ],
    ),
)
