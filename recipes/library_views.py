"""Pages of what a cook keeps: history, favourites, reviews and the shopping list.

Small actions (favourite, tick) are plain POST forms that redirect back; the page's script sends
the same forms with fetch() and `Accept: application/json` to flip the control at once.
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from accounts.current import signed_in
from core.ids import parse_id
from core.pages import next_url
from core.pages import paginate
from core.pages import query_without_page
from core.pages import wants_json
from recipes.aisles import grouped
from recipes.favorites import favorite_set
from recipes.favorites import favorite_unset
from recipes.forms import FavoriteForm
from recipes.forms import FavoriteSearchForm
from recipes.forms import ReviewForm
from recipes.forms import ShoppingItemForm
from recipes.forms import TickForm
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from recipes.reviews import review_delete
from recipes.reviews import review_upsert
from recipes.selectors import favorite_list_for
from recipes.selectors import history_page
from recipes.selectors import shopping_list_for
from recipes.shopping import shopping_add_from_recipe
from recipes.shopping import shopping_clear_checked
from recipes.shopping import shopping_item_create
from recipes.shopping import shopping_item_delete
from recipes.shopping import shopping_item_update
from recipes.views import own_recipe
from recipes.views import recipe_page

HISTORY_PAGE_SIZE = 20
GONE = gettext_lazy("That recipe is no longer available.")


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every scan and recipe request, newest first, on one timeline."""
    number = parse_id(request.GET.get("page")) or 1
    items, total = history_page(user=signed_in(request), page=number, page_size=HISTORY_PAGE_SIZE)
    pages = max(1, math.ceil(total / HISTORY_PAGE_SIZE))
    if number > pages:
        return redirect(f"{reverse('recipes:history')}?page={pages}")
    context = {
        "items": items,
        "total": total,
        "number": number,
        "pages": pages,
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < pages else None,
    }
    return render(request, "recipes/history.html", context)


@login_required
@require_GET
def favorites(request: HttpRequest) -> HttpResponse:
    """Kept recipes, most recently kept first, with a search box."""
    form = FavoriteSearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = paginate(request, favorite_list_for(user=signed_in(request), q=q))
    return render(
        request,
        "recipes/favorites.html",
        {"form": form, "page": page, "q": q, "query": query_without_page(request)},
    )


@login_required
@require_POST
def favorite_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep or let go of a recipe; a recipe that is gone gets a notice, never an error page."""
    form = FavoriteForm(request.POST)
    keep = form.is_valid() and form.cleaned_data["favorite"]
    try:
        if keep:
            favorite_set(user=signed_in(request), recipe_id=pk)
        else:
            favorite_unset(user=signed_in(request), recipe_id=pk)
    except Recipe.DoesNotExist:
        if wants_json(request):
            return JsonResponse({"error": str(GONE)}, status=404)
        messages.error(request, GONE)
        return redirect("recipes:favorites")
    label = _("Saved to favourites") if keep else _("Removed from favourites")
    if wants_json(request):
        return JsonResponse({"favorite": keep, "message": label})
    messages.success(request, _("Saved to favourites.") if keep else _("Removed from favourites."))
    return redirect(next_url(request, reverse("recipes:recipe-detail", args=[pk])))


@login_required
@require_POST
def review_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate a recipe 1–5 stars with an optional comment; saving again edits the review."""
    recipe = own_recipe(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            _review, created = review_upsert(
                user=signed_in(request),
                recipe=recipe,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("Thanks for your review.") if created else _("Your review is updated.")
            )
            return redirect(f"{recipe.get_absolute_url()}#reviews")
    return recipe_page(request, recipe, review_form=form, status=400)


@login_required
@require_POST
def review_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back one's review; the recipe's average follows."""
    recipe = own_recipe(request, pk)
    review = Review.objects.filter(user=signed_in(request), recipe=recipe).first()
    if review is not None:
        review_delete(user=signed_in(request), review=review)
        messages.success(request, _("Your review is deleted."))
    return redirect(recipe)


# --- shopping list -----------------------------------------------------------------------------


@login_required
@require_GET
def shopping_list(request: HttpRequest) -> HttpResponse:
    """What to buy first, ticked lines last, and a form to add a line by hand."""
    items = list(shopping_list_for(user=signed_in(request)))
    context = {
        "items": items,
        "aisles": grouped(items),
        "ticked": sum(1 for i in items if i.checked),
        "form": ShoppingItemForm(),
    }
    return render(request, "recipes/shopping_list.html", context)


def _shopping_page_with_errors(request: HttpRequest, form: ShoppingItemForm) -> HttpResponse:
    items = list(shopping_list_for(user=signed_in(request)))
    context = {
        "items": items,
        "aisles": grouped(items),
        "ticked": sum(1 for i in items if i.checked),
        "form": form,
    }
    return render(request, "recipes/shopping_list.html", context, status=400)


@login_required
@require_POST
def shopping_add_missing(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a recipe's "to buy" ingredients on the list."""
    recipe = own_recipe(request, pk)
    try:
        added = shopping_add_from_recipe(user=signed_in(request), recipe=recipe)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(recipe)
    if not added and recipe.to_buy:
        messages.info(request, _("Everything this recipe needs is already on your shopping list."))
        return redirect("recipes:shopping-list")
    if not added:
        messages.info(request, _("You already have everything for this recipe."))
        return redirect(recipe)
    messages.success(
        request,
        ngettext(
            "Added %(count)d missing ingredient for “%(title)s” to your list.",
            "Added %(count)d missing ingredients for “%(title)s” to your list.",
            len(added),
        )
        % {"count": len(added), "title": recipe.title},
    )
    return redirect("recipes:shopping-list")


@login_required
@require_POST
def shopping_item_add(request: HttpRequest) -> HttpResponse:
    """Add a line by hand; the same name and unit merge into one line."""
    form = ShoppingItemForm(request.POST)
    if form.is_valid():
        try:
            shopping_item_create(user=signed_in(request), **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("recipes:shopping-list")
    return _shopping_page_with_errors(request, form)


def _own_item(request: HttpRequest, pk: int) -> ShoppingItem:
    """A line of the cook's own list, or 404."""
    item = ShoppingItem.objects.filter(user=signed_in(request), pk=parse_id(pk) or 0).first()
    if item is None:
        raise Http404(_("No such item on your list."))
    return item


@login_required
@require_POST
def shopping_item_tick(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick an item off (or back on); the wanted state is in the form, so repeats are harmless."""
    item = _own_item(request, pk)
    form = TickForm(request.POST)
    checked = form.is_valid() and form.cleaned_data["checked"]
    shopping_item_update(user=signed_in(request), item=item, checked=checked)
    if wants_json(request):
        return JsonResponse({"checked": checked})
    return redirect("recipes:shopping-list")


@login_required
@require_POST
def shopping_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one line (no confirmation: it is one tap to add it back)."""
    item = _own_item(request, pk)
    shopping_item_delete(user=signed_in(request), item=item)
    messages.success(request, _("Removed %(name)s.") % {"name": item.name})
    return redirect("recipes:shopping-list")


@login_required
@require_POST
def shopping_clear(request: HttpRequest) -> HttpResponse:
    """Drop every ticked line after the shop."""
    removed = shopping_clear_checked(user=signed_in(request))
    if removed:
        messages.success(
            request,
            ngettext("Cleared %(count)d ticked item.", "Cleared %(count)d ticked items.", removed)
            % {"count": removed},
        )
    return redirect("recipes:shopping-list")
