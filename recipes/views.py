"""Recipe pages: asking for recipes, a generation's progress and cards, a recipe, search."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from accounts.current import signed_in
from core.job_pages import JobPages
from core.pages import job_rate_limited
from core.pages import paginate
from core.pages import query_without_page
from recipes.forms import RecipeFilterForm
from recipes.forms import ReviewForm
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.selectors import generation_get_for
from recipes.selectors import recipe_get_for
from recipes.selectors import recipe_list_for
from recipes.selectors import review_list_for
from recipes.services import GenerationInputError
from recipes.services import generation_cancel
from recipes.services import generation_create
from recipes.services import generation_delete
from recipes.services import generation_retry
from recipes.shopping import shopping_still_to_add

GENERATION_PAGES = JobPages(
    model=Generation,
    get_for=lambda request, pk: generation_get_for(user=signed_in(request), pk=pk),
    missing=_("No such recipe request."),
    status_url="recipes:generation-status",
    retry=lambda generation: generation_retry(generation=generation),
    retried=_("Asking again for your recipes."),
    not_waiting=_("These recipes are not waiting for a retry."),
    cancel=lambda generation: generation_cancel(generation=generation),
    cancelled=_("Stopped. The recipes written so far are kept; press Retry for the rest."),
    not_running=_("These recipes have already been written."),
    # Its recipes stay in the person's list.
    delete=lambda generation: generation_delete(generation=generation),
    deleted=_("The recipe request is deleted from your history."),
    confirm_template="recipes/generation_confirm_delete.html",
    # The fragment the page polls also carries the recipes written so far.
    status_template="recipes/_generation_status.html",
    status_context=lambda request, generation: {"recipes": generation_recipes(request, generation)},
)
own_generation = GENERATION_PAGES.own


def own_recipe(request: HttpRequest, pk: int) -> Recipe:
    """The cook's own recipe (with its favourite and rating marks), or 404."""
    try:
        return recipe_get_for(user=signed_in(request), pk=pk)
    except Recipe.DoesNotExist as exc:
        raise Http404("No such recipe.") from exc


def generation_recipes(request: HttpRequest, generation: Generation) -> QuerySet[Recipe]:
    """The recipes of a generation, in order: those written so far while it runs."""
    return (
        recipe_list_for(user=signed_in(request), filters={})
        .filter(generation_id=generation.pk)
        .order_by("position", "id")
    )


@login_required
@require_GET
def generation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while recipes are written, each card as soon as it is written, then all."""
    generation = own_generation(request, pk)
    recipes = generation_recipes(request, generation)
    return render(
        request,
        "recipes/generation_detail.html",
        {"generation": generation, "recipes": recipes},
    )


@login_required
@require_POST
def generation_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """New recipes from an earlier ingredient list (from the history page)."""
    earlier = own_generation(request, pk)
    if limited := job_rate_limited(request):
        return limited
    try:
        generation = generation_create(
            user=signed_in(request),
            ingredients=earlier.ingredients,
            must_use=earlier.must_use,
            count=earlier.count,
            max_minutes=earlier.max_minutes,
            cuisine=earlier.cuisine,
            fresh=True,
        )
    except GenerationInputError as exc:
        messages.error(request, exc.message)
        return redirect("recipes:history")
    return redirect(generation)


def recipe_page(
    request: HttpRequest,
    recipe: Recipe,
    *,
    review_form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The recipe page, also re-shown by the review form with its errors."""
    reviews = list(review_list_for(user=signed_in(request), recipe=recipe))
    mine: Review | None = next((r for r in reviews if r.user_id == request.user.pk), None)
    if review_form is None:
        initial: dict[str, Any] = {"rating": mine.rating, "comment": mine.comment} if mine else {}
        review_form = ReviewForm(initial=initial)
    context = {
        "recipe": recipe,
        "reviews": reviews,
        "my_review": mine,
        "review_form": review_form,
        "have": [i for i in recipe.ingredients if i.get("have")],
        "to_buy": recipe.to_buy,
        # What is not on the shopping list from this recipe yet: Add is offered for these only.
        "still_to_add": shopping_still_to_add(user=signed_in(request), recipe=recipe),
    }
    return render(request, "recipes/recipe_detail.html", context, status=status)


@login_required
@require_GET
def recipe_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything needed to cook, plus favourite, shopping and review controls."""
    return recipe_page(request, own_recipe(request, pk))


@login_required
@require_GET
def recipe_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The recipe alone, without navigation or buttons, for paper."""
    return render(request, "recipes/recipe_print.html", {"recipe": own_recipe(request, pk)})


@login_required
@require_GET
def recipe_list(request: HttpRequest) -> HttpResponse:
    """Search and filter everything the person has been given."""
    form = RecipeFilterForm(request.GET or None)
    page = paginate(request, recipe_list_for(user=signed_in(request), filters=form.filters()))
    return render(
        request,
        "recipes/recipe_list.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )
