"""Input and output shapes of the account endpoints (names are unique: they become components)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from rest_framework import serializers

from accounts.models import Diet
from accounts.models import Language
from accounts.models import Skill
from accounts.services import MAX_ITEM_LENGTH
from accounts.services import MAX_LIST_ITEMS


class RegisterInputSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    # No `default=""`: an empty default is not an e-mail address, and the schema must validate.
    email = serializers.EmailField(required=False, allow_blank=True)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("email", "")
        return attrs


class RegisterOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField(allow_blank=True)
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenInputSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenOutputSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


def _name_list(help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=MAX_ITEM_LENGTH, allow_blank=True),
        max_length=MAX_LIST_ITEMS,
        required=False,
        help_text=f"{help_text} At most {MAX_LIST_ITEMS} names of {MAX_ITEM_LENGTH} characters.",
    )


class ProfileUpdateInputSerializer(serializers.Serializer[Any]):
    """Every field is optional: only what is sent changes."""

    diet = serializers.ChoiceField(choices=Diet.choices, required=False)
    allergies = _name_list("Never used in a recipe.")
    disliked_ingredients = _name_list("Avoided in recipes.")
    favorite_cuisines = _name_list("Preferred when nothing else is asked.")
    skill_level = serializers.ChoiceField(choices=Skill.choices, required=False)
    servings = serializers.IntegerField(min_value=1, max_value=12, required=False)
    max_minutes = serializers.IntegerField(min_value=5, max_value=480, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class ProfileOutputSerializer(serializers.Serializer[Any]):
    diet = serializers.ChoiceField(choices=Diet.choices)
    allergies = serializers.ListField(child=serializers.CharField())
    disliked_ingredients = serializers.ListField(child=serializers.CharField())
    favorite_cuisines = serializers.ListField(child=serializers.CharField())
    skill_level = serializers.ChoiceField(choices=Skill.choices)
    servings = serializers.IntegerField()
    max_minutes = serializers.IntegerField()
    language = serializers.ChoiceField(choices=Language.choices)
    updated_at = serializers.DateTimeField()
