"""Reviews: stars and a comment, one per cook and recipe, and the recipe's averages.

Every function takes the acting `user` and refuses anything that is not theirs with the model's
DoesNotExist, so callers answer 404 and never reveal that someone else's row exists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg
from django.db.models import Count
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core import metrics
from recipes.models import Recipe
from recipes.models import Review

MAX_COMMENT_LENGTH = 2000


def _clean_rating(rating: object) -> int:
    if isinstance(rating, bool):
        rating = None
    try:
        value = int(str(rating).strip())
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": [_("Choose a rating from 1 to 5 stars.")]})
    return value


def _clean_comment(comment: object) -> str:
    """Plain text, trimmed; control characters other than line breaks are dropped."""
    text = "" if comment is None else str(comment)
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {
                "comment": [
                    _("Keep the comment under %(limit)d characters.")
                    % {"limit": MAX_COMMENT_LENGTH}
                ]
            }
        )
    return text


def recipe_rating_refresh(*, recipe_id: int) -> tuple[float | None, int]:
    """Recompute a recipe's stored average and count from its visible reviews.

    Called inside the transaction that changed a review, so lists that sort and filter on the
    stored columns never disagree with the reviews themselves.
    """
    totals = Review.objects.filter(recipe_id=recipe_id, hidden=False).aggregate(
        avg=Avg("rating"), count=Count("id")
    )
    average = round(float(totals["avg"]), 2) if totals["avg"] is not None else None
    Recipe.objects.filter(pk=recipe_id).update(rating_avg=average, rating_count=totals["count"])
    return average, totals["count"]


def _lock_recipe(recipe_id: int) -> None:
    """Serialise review changes of one recipe so two of them cannot race the recompute."""
    list(Recipe.objects.select_for_update().filter(pk=recipe_id).values_list("id", flat=True))


def review_upsert(
    *, user: User, recipe: Recipe, rating: object, comment: object = ""
) -> tuple[Review, bool]:
    """Rate a recipe (one review per person and recipe; a second call edits the first).

    The review keeps the model and prompt version that wrote the recipe, so ratings can be
    compared across prompt variants. Raises ValidationError for a rating outside 1 to 5 or a comment
    that is too long.
    """
    if recipe.user_id != user.pk:
        raise Recipe.DoesNotExist
    stars = _clean_rating(rating)
    text = _clean_comment(comment)
    with transaction.atomic():
        _lock_recipe(recipe.pk)
        review, created = Review.objects.update_or_create(
            user=user,
            recipe=recipe,
            defaults={
                "rating": stars,
                "comment": text,
                "model_name": recipe.model_name,
                "prompt_version": recipe.prompt_version,
            },
        )
        recipe.rating_avg, recipe.rating_count = recipe_rating_refresh(recipe_id=recipe.pk)
        transaction.on_commit(lambda: metrics.REVIEW_RATING.observe(stars))
    return review, created


def review_delete(*, user: User, review: Review) -> None:
    """Remove the user's own review and the recipe's average with it."""
    if review.user_id != user.pk:
        raise Review.DoesNotExist
    with transaction.atomic():
        _lock_recipe(review.recipe_id)
        review.delete()
        recipe_rating_refresh(recipe_id=review.recipe_id)


def review_set_hidden(*, review: Review, hidden: bool) -> bool:
    """Moderation: hide or show a review; True when it changed. Hidden reviews do not count."""
    with transaction.atomic():
        _lock_recipe(review.recipe_id)
        changed = Review.objects.filter(pk=review.pk).exclude(hidden=hidden).update(hidden=hidden)
        if changed:
            recipe_rating_refresh(recipe_id=review.recipe_id)
    review.hidden = hidden
    return bool(changed)


def reviews_set_hidden(*, reviews: QuerySet[Review], hidden: bool) -> int:
    """Hide or show many reviews at once (an admin action); returns how many changed.

    One UPDATE for the reviews, then one recompute per recipe touched, with the recipes locked
    in id order so two moderators acting at once cannot deadlock.
    """
    with transaction.atomic():
        targets = list(reviews.exclude(hidden=hidden).values_list("pk", "recipe_id"))
        recipe_ids = sorted({recipe_id for _, recipe_id in targets})
        list(
            Recipe.objects.select_for_update()
            .filter(pk__in=recipe_ids)
            .order_by("pk")
            .values_list("id", flat=True)
        )
        changed = (
            Review.objects.filter(pk__in=[pk for pk, _ in targets])
            .exclude(hidden=hidden)
            .update(hidden=hidden)
        )
        for recipe_id in recipe_ids:
            recipe_rating_refresh(recipe_id=recipe_id)
    return changed
