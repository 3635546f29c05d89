"""The English texts jobs stored before codes turn into codes and parameters, and back, and the
migrations do it to the rows of a real database."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from core.job_words import error_words
from core.job_words import stage_words
from core.jobs import legacy
from tests.support.processes import run_python

# Old stage texts (what a worker wrote) → the stage code and parameters they stand for.
OLD_STAGES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("Queued", "queued", "queued", {}),
    ("Waiting for the job queue", "queued", "waiting_for_queue", {}),
    ("Preparing your photo", "running", "preparing_photo", {}),
    ("Looking at your photo", "running", "reading_photo", {}),
    ("Waiting for the same photo to be read", "running", "following_same_photo", {}),
    ("Waiting for the same request to finish", "running", "following_same_request", {}),
    ("Writing your recipes", "running", "writing_recipes", {}),
    ("Replacing recipes that broke your rules", "running", "replacing_recipes", {}),
    (
        "The AI is busy right now; your photo is safe and will be processed as soon as it has room",
        "waiting",
        "waiting_for_ai",
        {"busy": True, "service": "photo"},
    ),
    (
        "The AI is not reachable right now; your request is safe and your recipes will be "
        "written as soon as it is back",
        "waiting",
        "waiting_for_ai",
        {"busy": False, "service": "recipe"},
    ),
    (
        "Our database connection dropped; retrying in 7 s",
        "queued",
        "retrying",
        {"seconds": 7},
    ),
    (
        "The worker running this job stopped; starting it again",
        "queued",
        "worker_lost",
        {},
    ),
    ("Done", "succeeded", "done", {}),
    ("Done (same request as before)", "succeeded", "done_reused", {}),
    ("Done (same request as a moment ago)", "succeeded", "done_joined", {}),
    ("Cancelled", "cancelled", "cancelled", {}),
    ("Failed", "failed", "failed", {}),
]


@pytest.mark.parametrize(("text", "status", "code", "params"), OLD_STAGES)
def test_an_old_stage_text_becomes_its_code_and_back(
    text: str, status: str, code: str, params: dict[str, Any]
) -> None:
    assert legacy.stage_from_text(text, status=status) == (code, params)
    assert legacy.text_from_stage(code, params, service="recipe") == text


@pytest.mark.parametrize(("text", "status", "code", "params"), OLD_STAGES)
def test_what_an_old_stage_becomes_reads_as_it_did(
    text: str, status: str, code: str, params: dict[str, Any]
) -> None:
    service = "photo" if "photo" in text else "recipe"
    with translation.override("en"):
        words = stage_words(code, params, service=service)
    assert words == text


def test_a_reused_photo_keeps_saying_photo_when_migrated_back() -> None:
    assert legacy.stage_from_text("Done (same photo as before)", status="succeeded") == (
        "done_reused",
        {},
    )
    assert legacy.text_from_stage("done_reused", {}, service="photo") == (
        "Done (same photo as before)"
    )
    assert legacy.text_from_stage("done_joined", {}, service="photo") == (
        "Done (same photo as a moment ago)"
    )


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("queued", "queued"),
        ("waiting", "waiting_for_ai"),
        ("running", "running"),
        ("succeeded", "done"),
        ("failed", "failed"),
        ("cancelled", "cancelled"),
        ("gone", "queued"),
    ],
)
def test_an_unknown_old_stage_becomes_the_stage_of_its_status(status: str, code: str) -> None:
    assert legacy.stage_from_text("Thinking very hard", status=status) == (code, {})


# Old error messages, with the code stored beside them → the parameters they stand for.
OLD_ERRORS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "The AI was not reachable for 30 minutes, so we stopped waiting. Press Retry to try again.",
        "ai_unavailable",
        {"waited": 1800},
    ),
    (
        "The AI stayed busy for 3 seconds, so we stopped waiting. Press Retry to try again.",
        "ai_busy",
        {"waited": 3},
    ),
    (
        "The AI was not reachable for 2 hours, so we stopped waiting. Press Retry to try again.",
        "ai_unavailable",
        {"waited": 7200},
    ),
    (
        "The AI was not reachable, so we stopped waiting. Press Retry to try again.",
        "ai_unavailable",
        {"waited": 0},
    ),
    (
        "The AI is not reachable right now; we will try again as soon as it is back.",
        "ai_unavailable",
        {"fault": "unavailable"},
    ),
    (
        "The photo service is busy right now; we will try again as soon as it has room.",
        "ai_busy",
        {"fault": "busy", "service": "photo"},
    ),
    (
        "The recipe service took too long to answer, so we stopped waiting after 1.5 s. Press "
        "Retry to try again.",
        "ai_too_slow",
        {"fault": "too_slow", "service": "recipe", "seconds": 1.5},
    ),
    (
        "The photo service took too long to answer, so we stopped waiting after 300 s. Press "
        "Retry to try again.",
        "ai_too_slow",
        {"fault": "too_slow", "service": "photo", "seconds": 300},
    ),
    (
        "The AI model this needs is not installed yet. Press Retry later.",
        "model_missing",
        {"fault": "model_missing"},
    ),
    ("The AI service refused the request.", "ai_error", {"fault": "refused"}),
    (
        "The AI service failed while answering. Press Retry to try again.",
        "ai_error",
        {"fault": "server_error"},
    ),
    ("The AI service failed unexpectedly.", "ai_error", {"fault": "unexpected"}),
    (
        "The AI gave an answer we could not read, even after asking again. Press Retry to try "
        "once more.",
        "invalid_reply",
        {"fault": "invalid_reply"},
    ),
    (
        "The AI reply was cut off before it was complete.",
        "reply_truncated",
        {"fault": "truncated"},
    ),
    (
        "We could not see any food in this photo. Try a brighter, closer photo, or type your "
        "ingredients instead.",
        "no_ingredients",
        {},
    ),
    (
        "The recipes we got did not respect your allergies, diet or time limit, so we did not "
        "show them. Press Retry to ask again.",
        "no_safe_recipes",
        {},
    ),
    ("This took too long and was stopped. Press Retry to try again.", "timed_out", {}),
    (
        "This job waited too long in the queue and was stopped. Press Retry to try again.",
        "timed_out",
        {"reason": "queued_too_long"},
    ),
    (
        "This job stopped before finishing several times in a row, so we gave up on it. Press "
        "Retry to try again.",
        "internal",
        {"reason": "too_many_attempts"},
    ),
    ("Something went wrong on our side. Press Retry to try again.", "internal", {}),
]


@pytest.mark.parametrize(("text", "code", "params"), OLD_ERRORS)
def test_an_old_error_message_becomes_parameters_and_back(
    text: str, code: str, params: dict[str, Any]
) -> None:
    assert legacy.error_params_from_text(text) == params
    assert legacy.text_from_error(code, params, service="photo") == text


@pytest.mark.parametrize(("text", "code", "params"), OLD_ERRORS)
def test_what_an_old_error_becomes_reads_as_it_did(
    text: str, code: str, params: dict[str, Any]
) -> None:
    with translation.override("en"):
        assert error_words(code, params, service="photo") == text


def test_an_unknown_old_error_keeps_its_code_with_no_parameters() -> None:
    assert legacy.error_params_from_text("The recognition service is unreachable.") == {}
    assert legacy.text_from_error("ai_busy", {}, service="photo") == (
        "The AI stayed busy, so we stopped waiting. Press Retry to try again."
    )
    assert legacy.text_from_error("", {}, service="photo") == ""


# The models as they were before the codes (the migrations' own historical models).
OLD_MODELS = """
from django.db import connection
from django.db.migrations.loader import MigrationLoader

state = MigrationLoader(connection).project_state(
    [
        ("vision", "0001_squashed_0007_scan_language"),
        ("recipes", "0001_squashed_0006_translatable_names"),
    ]
)
Scan = state.apps.get_model("vision", "Scan")
Generation = state.apps.get_model("recipes", "Generation")
"""
# Rows as the site stored them before the codes.
BEFORE = (
    OLD_MODELS
    + """
user = state.apps.get_model("accounts", "User").objects.create(username="ada")
Scan.objects.create(user=user, status="running", stage="Looking at your photo")
Scan.objects.create(
    user=user,
    status="failed",
    stage="Failed",
    error_code="ai_busy",
    error_message="The photo service is busy right now; we will try again as soon as it has room.",
)
Generation.objects.create(
    user=user,
    status="waiting",
    stage="The AI is busy right now; your request is safe and your recipes will be written as "
    "soon as it has room",
)
Generation.objects.create(
    user=user, status="failed", stage="Failed", error_code="timed_out", error_message="Odd words"
)
"""
)
AFTER = """
import json
from recipes.models import Generation
from vision.models import Scan

rows = [
    (j.stage, j.stage_params, j.error_code, j.error_params)
    for model in (Scan, Generation) for j in model.objects.order_by("pk")
]
print("ROWS", json.dumps(rows))
"""
TEXTS = (
    OLD_MODELS
    + """
import json

rows = [
    (j.stage, j.error_message)
    for model in (Scan, Generation) for j in model.objects.order_by("pk")
]
print("ROWS", json.dumps(rows))
"""
)


def _manage(env: dict[str, str], *args: str) -> str:
    done = run_python("manage.py", *args, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _rows(output: str) -> Any:
    return json.loads(output.split("ROWS ", 1)[1])


@pytest.mark.slow
def test_the_migrations_turn_stored_texts_into_codes_and_back(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _manage(env, "migrate", "--noinput", "-v", "0")
    _manage(
        env, "migrate", "recipes", "0001_squashed_0006_translatable_names", "--noinput", "-v", "0"
    )
    _manage(env, "migrate", "vision", "0001_squashed_0007_scan_language", "--noinput", "-v", "0")
    _manage(env, "shell", "-c", BEFORE)

    _manage(env, "migrate", "--noinput", "-v", "0")
    assert _rows(_manage(env, "shell", "-c", AFTER)) == [
        ["reading_photo", {}, "", {}],
        ["failed", {}, "ai_busy", {"fault": "busy", "service": "photo"}],
        ["waiting_for_ai", {"busy": True, "service": "recipe"}, "", {}],
        ["failed", {}, "timed_out", {}],
    ]

    _manage(
        env, "migrate", "recipes", "0001_squashed_0006_translatable_names", "--noinput", "-v", "0"
    )
    _manage(env, "migrate", "vision", "0001_squashed_0007_scan_language", "--noinput", "-v", "0")
    assert _rows(_manage(env, "shell", "-c", TEXTS)) == [
        ["Looking at your photo", ""],
        [
            "Failed",
            "The photo service is busy right now; we will try again as soon as it has room.",
        ],
        [
            "The AI is busy right now; your request is safe and your recipes will be written as "
            "soon as it has room",
            "",
        ],
        ["Failed", "This took too long and was stopped. Press Retry to try again."],
    ]
