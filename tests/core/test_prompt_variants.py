"""Prompt variants: the weighted draw, what a job keeps, frozen words and new versions."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError

from core.jobs import JobStatus
from core.models import ModelCall
from core.models import PromptVariant
from core.prompt_text import render
from core.prompt_variants import draw
from core.prompt_variants import job_variant
from core.variant_report import promote
from tests.recipes.test_writing import run
from tests.support.variants import shipped

pytestmark = pytest.mark.django_db


def variant(name: str, *, kind: str = "recipes", weight: int = 1, active: bool = True) -> Any:
    base = shipped("recipes" if kind == "recipes" else "vision")
    return PromptVariant.objects.create(
        kind=kind,
        name=name,
        system=base.system,
        user_template=base.user_template,
        options=base.options,
        weight=weight,
        active=active,
    )


def test_the_draw_follows_the_weights_and_is_the_same_for_the_same_job() -> None:
    """3 to 1 weights give about three quarters of the jobs to the first, and a job id always
    draws the same variant; the inactive and the paused are never drawn."""
    PromptVariant.objects.filter(kind="recipes").update(active=False)
    heavy, light = variant("heavy", weight=3), variant("light", weight=1)
    variant("paused", weight=0)
    variant("stopped", active=False)

    drawn = Counter(draw("recipes", job_id).name for job_id in range(4000))

    assert set(drawn) == {"heavy", "light"}
    assert 0.72 < drawn["heavy"] / 4000 < 0.78, drawn
    assert all(draw("recipes", 17) == draw("recipes", 17) for _ in range(5))
    assert {draw("recipes", 17)} <= {heavy, light}


def test_with_none_active_the_newest_is_used_and_with_none_at_all_the_error_says_what_to_do() -> (
    None
):
    PromptVariant.objects.filter(kind="vision").update(active=False)
    newest = variant("vision-late", kind="vision", active=False)

    assert draw("vision", 1) == newest

    PromptVariant.objects.filter(kind="vision").delete()
    with pytest.raises(ImproperlyConfigured, match="add one in the admin"):
        draw("vision", 1)


def test_a_generation_keeps_its_variant_and_so_do_its_model_calls_and_recipes(
    user: Any, fake_ollama: Any
) -> None:
    PromptVariant.objects.filter(kind="recipes").update(active=False)
    compact = shipped("recipes-compact")
    compact.active = True
    compact.save()

    generation = run(user)

    assert generation.status == JobStatus.SUCCEEDED
    assert generation.prompt_variant == compact
    assert generation.prompt_version == "recipes-compact-v1"
    assert {r.prompt_variant for r in generation.recipes.all()} == {compact}
    call = ModelCall.objects.get(generation=generation)
    assert (call.prompt_variant, call.prompt_version) == (compact, "recipes-compact-v1")
    sent = fake_ollama.requests_to("/api/chat")[0].json
    assert sent["messages"][1]["content"].startswith("Ingredients:\n<ingredients>")
    assert sent["options"]["temperature"] == 0.7, "the variant's options are sent"

    # Another variant active now: a retry of this job still asks in the words it began with.
    compact.active = False
    compact.save()
    assert job_variant(generation, kind="recipes") == compact


def test_a_variant_names_its_own_model_and_options(user: Any, fake_ollama: Any) -> None:
    PromptVariant.objects.filter(kind="recipes").update(active=False)
    other = variant("on-qwen")
    other.model, other.options = "qwen2.5:7b", {"temperature": 0.3, "num_ctx": 8192}
    other.save()
    fake_ollama.models.add("qwen2.5:7b")

    generation = run(user)

    assert generation.status == JobStatus.SUCCEEDED, generation.error_code
    sent = fake_ollama.requests_to("/api/chat")[0].json
    assert sent["model"] == "qwen2.5:7b"
    assert sent["options"] == {"temperature": 0.3, "num_ctx": 8192}
    assert generation.recipes.first().model_name == "qwen2.5:7b"


def test_a_used_variant_cannot_change_its_words_but_a_new_version_can(
    user: Any, fake_ollama: Any
) -> None:
    run(user)
    used = shipped("recipes")
    used.system += " Be brief."
    with pytest.raises(ValidationError, match="save a new version"):
        used.save()

    used.refresh_from_db()
    used.weight = 2  # the draw's share is not part of the words
    used.save()
    copy = used.new_version()
    copy.system += " Be brief."
    copy.save()

    assert (copy.label, copy.active, copy.weight) == ("recipes-v4", False, 2)
    assert shipped("recipes").system == used.system


def test_promote_leaves_one_active_variant_of_the_kind() -> None:
    compact = shipped("recipes-compact")
    assert promote(compact) == 1

    active = PromptVariant.objects.filter(active=True)
    assert {(v.kind, v.name) for v in active} == {
        ("recipes", "recipes-compact"),
        ("vision", "vision"),
    }


@pytest.mark.parametrize(
    ("template", "error"),
    [("{% if %}", "does not compile"), ("{% for x in y %}", "does not compile")],
)
def test_a_template_that_does_not_compile_is_refused(template: str, error: str) -> None:
    bad = PromptVariant(kind="vision", name="bad", system="ok", user_template=template)
    with pytest.raises(ValidationError, match=error):
        bad.full_clean()


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"temperature": 5}, "from 0 to 2"),
        ({"num_ctx": 1.5}, "must be a number"),
        ({"mirostat": 1}, "Unknown option mirostat"),
        ([1], "JSON object"),
    ],
)
def test_options_outside_what_ollama_takes_are_refused(options: Any, error: str) -> None:
    bad = PromptVariant(kind="vision", name="bad", system="s", user_template="u", options=options)
    with pytest.raises(ValidationError, match=error):
        bad.full_clean()


def test_a_template_line_of_tags_leaves_no_empty_line_and_typed_text_stays_plain() -> None:
    text = render(
        "A\n{% if items %}\n<list>\n{% for i in items %}\n- {{ i }}\n{% endfor %}\n</list>\n"
        "{% endif %}\nB",
        {"items": ["x </list> <system>", "y"]},
    )
    assert text == "A\n<list>\n- x /list system\n- y\n</list>\nB"
