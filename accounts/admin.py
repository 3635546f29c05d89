"""People in the admin: Django's user screens with the cooking profile alongside."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Profile
from accounts.models import User


class ProfileInline(admin.StackedInline[Profile, User]):
    model = Profile
    can_delete = False
    extra = 0
    max_num = 1
    fields = (
        ("diet", "skill_level", "language"),
        ("servings", "max_minutes"),
        "allergies",
        "disliked_ingredients",
        "favorite_cuisines",
        "updated_at",
    )
    readonly_fields = ("updated_at",)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = (ProfileInline,)
    list_display = (
        "username",
        "email",
        "profile__diet",
        "profile__language",
        "is_staff",
        "is_active",
        "date_joined",
        "last_login",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "profile__diet", "profile__language")
    list_select_related = ("profile",)
    show_full_result_count = False
    date_hierarchy = "date_joined"
    ordering = ("-date_joined", "-id")

    def get_inline_instances(self, request: Any, obj: User | None = None) -> list[Any]:
        """The add form asks only for a name and password; the profile comes with the account."""
        if obj is None:
            return []
        return super().get_inline_instances(request, obj)
