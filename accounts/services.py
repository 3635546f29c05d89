"""Account use cases: sign-up and profile changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import translation
from rest_framework.authtoken.models import Token

from accounts.models import Profile
from accounts.models import User
from core import languages
from core import metrics

MAX_LIST_ITEMS = 30
MAX_ITEM_LENGTH = 60


def clean_name_list(
    values: list[str] | tuple[str, ...] | str,
    *,
    limit: int = MAX_LIST_ITEMS,
    max_length: int = MAX_ITEM_LENGTH,
) -> list[str]:
    """Trim, de-duplicate (case-insensitively) and bound a list of short names."""
    if isinstance(values, str):
        values = [v for chunk in values.splitlines() for v in chunk.split(",")]
    seen: set[str] = set()
    cleaned: list[str] = []
    for raw in values:
        name = " ".join(str(raw).split())[:max_length].strip()
        key = name.casefold()
        if name and key not in seen:
            seen.add(key)
            cleaned.append(name)
        if len(cleaned) >= limit:
            break
    return cleaned


@transaction.atomic
def user_register(*, username: str, email: str, password: str, language: str | None = None) -> User:
    """The account and its profile; the profile speaks `language`, else the one being read."""
    user = User(username=username, email=email)
    validate_password(password, user=user)
    user.set_password(password)
    user.save()
    Profile.objects.create(
        user=user,
        language=languages.supported(language or translation.get_language())
        or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(metrics.SIGNUPS.inc)
    return user


def user_token(*, user: User) -> str:
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def profile_get(*, user: User) -> Profile:
    """The user's profile; one made now (an account from the admin) speaks the page's language."""
    profile, _ = Profile.objects.get_or_create(
        user=user,
        defaults={
            "language": languages.supported(translation.get_language()) or settings.LANGUAGE_CODE
        },
    )
    return profile


def profile_language_set(*, user: User, language: str) -> Profile:
    """Save the language chosen with the header's switch (site pages and new recipes)."""
    chosen = languages.supported(language)
    if chosen is None:
        raise ValueError(f"not a language of the site: {language!r}")
    profile = profile_get(user=user)
    if profile.language != chosen:
        profile.language = chosen
        profile.save(update_fields=["language", "updated_at"])
    return profile


def profile_update(*, user: User, data: dict[str, Any]) -> Profile:
    profile = profile_get(user=user)
    for field in ("allergies", "disliked_ingredients", "favorite_cuisines"):
        if field in data:
            data[field] = clean_name_list(data[field])
    allowed = {
        "diet",
        "allergies",
        "disliked_ingredients",
        "favorite_cuisines",
        "skill_level",
        "servings",
        "max_minutes",
        "language",
    }
    for key, value in data.items():
        if key in allowed:
            setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    return profile


def default_recipe_count() -> int:
    return max(1, min(5, settings.RECIPES_PER_GENERATION))
