"""Forms of the account pages: sign up and the cooking profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Diet
from accounts.models import Language
from accounts.models import Profile
from accounts.models import Skill
from accounts.models import User
from accounts.services import MAX_LIST_ITEMS
from accounts.services import clean_name_list


class SignUpForm(UserCreationForm[User]):
    """Username, email and password twice; the password rules are the site's validators."""

    email = forms.EmailField(
        required=True,
        label=_("Email"),
        help_text=_("Kept private: never shown to other people or shared."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class NameListField(forms.CharField):
    """A comma-separated list typed in one box, shown back the same way."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        names = clean_name_list(text, limit=MAX_LIST_ITEMS + 1)
        if len(names) > MAX_LIST_ITEMS:
            raise forms.ValidationError(
                ngettext(
                    "List at most %(limit)d item.", "List at most %(limit)d items.", MAX_LIST_ITEMS
                )
                % {"limit": MAX_LIST_ITEMS}
            )
        return names


class ProfileForm(forms.Form):
    diet = forms.ChoiceField(choices=Diet.choices, label=_("Diet"))
    allergies = NameListField(
        label=_("Allergies"),
        help_text=_("Comma-separated, e.g. peanuts, shellfish. Recipes never contain these."),
    )
    disliked_ingredients = NameListField(
        label=_("Ingredients you dislike"),
        help_text=_("Comma-separated, e.g. coriander, olives."),
    )
    favorite_cuisines = NameListField(
        label=_("Favourite cuisines"), help_text=_("Comma-separated, e.g. italian, thai.")
    )
    skill_level = forms.ChoiceField(choices=Skill.choices, label=_("Cooking skill"))
    servings = forms.IntegerField(min_value=1, max_value=12, label=_("Usual servings"))
    max_minutes = forms.IntegerField(min_value=5, max_value=480, label=_("Time budget (minutes)"))
    language = forms.ChoiceField(
        choices=Language.choices,
        label=_("Language"),
        help_text=_("The language of the site and of your new recipes."),
    )

    @classmethod
    def for_profile(cls, profile: Profile, data: Any = None) -> ProfileForm:
        """The form filled with the profile as it is now."""
        initial = {name: getattr(profile, name) for name in cls.base_fields}
        return cls(data=data, initial=initial)
