"""Sign-up and profile rules."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Profile
from accounts.services import profile_update
from accounts.services import user_register
from accounts.services import user_token

pytestmark = pytest.mark.django_db


def test_sign_up_creates_a_profile_with_defaults_and_a_token() -> None:
    user = user_register(
        username="chef", email="chef@example.com", password="a-long-safe-passphrase"
    )
    assert user.check_password("a-long-safe-passphrase")
    assert Profile.objects.get(user=user).max_minutes == 45
    assert user_token(user=user) == user_token(user=user), "one token per user"


@pytest.mark.parametrize("password", ["password123", "short", "12345678901", "chef-chef"])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        user_register(username="chef", email="chef@example.com", password=password)


def test_profile_lists_are_trimmed_deduplicated_and_bounded(user: Any) -> None:
    profile = profile_update(
        user=user,
        data={
            "allergies": "Peanuts, peanuts ,  sesame\nshellfish",
            "disliked_ingredients": ["x" * 100] + [f"d{i}" for i in range(50)],
        },
    )
    assert profile.allergies == ["Peanuts", "sesame", "shellfish"]
    assert len(profile.disliked_ingredients) == 30
    assert len(profile.disliked_ingredients[0]) == 60


def test_out_of_range_numbers_are_refused(user: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        profile_update(user=user, data={"servings": 40, "max_minutes": 1})
    assert set(caught.value.message_dict) == {"servings", "max_minutes"}
