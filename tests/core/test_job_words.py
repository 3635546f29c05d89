"""A job's stage and error codes read as words in the reader's language, never as codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from core.job_words import duration_words
from core.job_words import error_words
from core.job_words import stage_words
from core.jobs import ErrorCode
from core.jobs import ErrorReason
from core.jobs import Stage

# Every stage, with parameters its words use, and what an English and a Russian reader see.
STAGES: list[tuple[str, dict[str, Any], str, str, str]] = [
    (Stage.QUEUED, {}, "", "Queued", "В очереди"),
    (Stage.WAITING_FOR_QUEUE, {}, "", "Waiting for the job queue", "Ждём очередь заданий"),
    (Stage.RUNNING, {}, "", "Working on it", "Работаем над этим"),
    (Stage.PREPARING_PHOTO, {}, "photo", "Preparing your photo", "Готовим ваше фото"),
    (Stage.READING_PHOTO, {}, "photo", "Looking at your photo", "Рассматриваем ваше фото"),
    (
        Stage.FOLLOWING_SAME_PHOTO,
        {},
        "photo",
        "Waiting for the same photo to be read",
        "Ждём, пока распознают такое же фото",
    ),
    (
        Stage.FOLLOWING_SAME_REQUEST,
        {},
        "recipe",
        "Waiting for the same request to finish",
        "Ждём, пока выполнится такой же запрос",
    ),
    (
        Stage.WRITING_RECIPES,
        {"done": 1, "total": 3},
        "recipe",
        "Writing recipe 2 of 3",
        "Пишем рецепт 2 из 3",
    ),
    (
        Stage.REPLACING_RECIPES,
        {},
        "recipe",
        "Replacing recipes that broke your rules",
        "Заменяем рецепты, которые нарушили ваши правила",
    ),
    (
        Stage.WAITING_FOR_AI,
        {"busy": True, "service": "photo"},
        "photo",
        "The AI is busy right now; your photo is safe and will be processed as soon as it has room",
        "ИИ сейчас занят; ваше фото сохранено и будет обработано, как только он освободится",
    ),
    (
        Stage.WAITING_FOR_AI,
        {"busy": False, "service": "recipe"},
        "recipe",
        "The AI is not reachable right now; your request is safe and your recipes will be "
        "written as soon as it is back",
        "ИИ сейчас недоступен; ваш запрос сохранён, и рецепты будут написаны, как только он "
        "вернётся",
    ),
    (
        Stage.RETRYING,
        {"seconds": 4},
        "",
        "Our database connection dropped; retrying in 4 s",
        "Пропало соединение с нашей базой данных; попробуем снова через 4 с",
    ),
    (
        Stage.WORKER_LOST,
        {},
        "",
        "The worker running this job stopped; starting it again",
        "Обработчик этого задания остановился; запускаем его заново",
    ),
    (Stage.DONE, {}, "", "Done", "Готово"),
    (
        Stage.DONE_REUSED,
        {},
        "photo",
        "Done (same photo as before)",
        "Готово (такое же фото уже было раньше)",
    ),
    (
        Stage.DONE_JOINED,
        {},
        "recipe",
        "Done (same request as a moment ago)",
        "Готово (такой же запрос был только что)",
    ),
    (Stage.CANCELLED, {}, "", "Cancelled", "Отменено"),
    (Stage.FAILED, {}, "", "Failed", "Ошибка"),
]


@pytest.mark.parametrize(
    ("stage", "params", "service", "english", "russian"),
    STAGES,
    ids=[f"{s[0]}-{i}" for i, s in enumerate(STAGES)],
)
def test_each_stage_reads_in_english_and_in_russian(
    stage: str, params: dict[str, Any], service: str, english: str, russian: str
) -> None:
    with translation.override("en"):
        assert stage_words(stage, params, service=service) == english
    with translation.override("ru"):
        assert stage_words(stage, params, service=service) == russian


def test_every_stage_code_has_words_of_its_own() -> None:
    assert {s[0] for s in STAGES} == set(Stage.values)
    with translation.override("ru"):
        words = {stage_words(code) for code in Stage.values}
    assert len(words) == len(Stage.values), "no two stages read the same"


def test_the_recipe_being_written_is_counted_and_never_past_the_total() -> None:
    with translation.override("en"):
        assert stage_words(Stage.WRITING_RECIPES, {"done": 0, "total": 3}) == (
            "Writing recipe 1 of 3"
        )
        assert stage_words(Stage.WRITING_RECIPES, {"done": 3, "total": 3}) == (
            "Writing recipe 3 of 3"
        )
        assert stage_words(Stage.WRITING_RECIPES, {"done": 0, "total": 1}) == (
            "Writing your recipes"
        ), "one recipe is not counted"
        assert stage_words(Stage.WRITING_RECIPES) == "Writing your recipes"


# Every error code (with the parameters a worker stores) and its words in English and Russian.
ERRORS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        ErrorCode.AI_UNAVAILABLE,
        {"waited": 1800},
        "The AI was not reachable for 30 minutes, so we stopped waiting. Press Retry to try again.",
        "ИИ был недоступен 30 минут, поэтому мы перестали ждать. Нажмите «Повторить», чтобы "
        "попробовать снова.",
    ),
    (
        ErrorCode.AI_BUSY,
        {"fault": "busy", "service": "photo"},
        "The photo service is busy right now; we will try again as soon as it has room.",
        "Сервис фото сейчас занят; попробуем снова, как только он освободится.",
    ),
    (
        ErrorCode.MODEL_MISSING,
        {"fault": "model_missing", "service": "photo"},
        "The AI model this needs is not installed yet. Press Retry later.",
        "Нужная для этого модель ИИ ещё не установлена. Нажмите «Повторить» позже.",
    ),
    (
        ErrorCode.AI_ERROR,
        {"fault": "server_error", "service": "recipe"},
        "The AI service failed while answering. Press Retry to try again.",
        "Сервис ИИ сломался во время ответа. Нажмите «Повторить», чтобы попробовать снова.",
    ),
    (
        ErrorCode.INVALID_REPLY,
        {"fault": "invalid_reply"},
        "The AI gave an answer we could not read, even after asking again. Press Retry to try "
        "once more.",
        "ИИ дал ответ, который мы не смогли прочитать, даже после повторного запроса. Нажмите "
        "«Повторить», чтобы попробовать ещё раз.",
    ),
    (
        ErrorCode.REPLY_TRUNCATED,
        {"fault": "truncated"},
        "The AI reply was cut off before it was complete.",
        "Ответ ИИ оборвался, не дойдя до конца.",
    ),
    (
        ErrorCode.NO_INGREDIENTS,
        {},
        "We could not see any food in this photo. Try a brighter, closer photo, or type your "
        "ingredients instead.",
        "Мы не увидели на этом фото никаких продуктов. Попробуйте более светлое фото, снятое "
        "поближе, или введите продукты вручную.",
    ),
    (
        ErrorCode.NO_SAFE_RECIPES,
        {},
        "The recipes we got did not respect your allergies, diet or time limit, so we did not "
        "show them. Press Retry to ask again.",
        "Полученные рецепты не учитывали ваши аллергии, диету или ограничение по времени, "
        "поэтому мы их не показали. Нажмите «Повторить», чтобы попросить снова.",
    ),
    (
        ErrorCode.AI_TOO_SLOW,
        {"fault": "too_slow", "service": "recipe", "seconds": 1.5},
        "The recipe service took too long to answer, so we stopped waiting after 1.5 s. Press "
        "Retry to try again.",
        "Сервис рецептов слишком долго не отвечал, поэтому мы перестали ждать через 1,5 с. "
        "Нажмите «Повторить», чтобы попробовать снова.",
    ),
    (
        ErrorCode.TIMED_OUT,
        {"reason": ErrorReason.QUEUED_TOO_LONG},
        "This job waited too long in the queue and was stopped. Press Retry to try again.",
        "Это задание слишком долго ждало в очереди и было остановлено. Нажмите «Повторить», "
        "чтобы попробовать снова.",
    ),
    (
        ErrorCode.BROKER_UNAVAILABLE,
        {},
        "The job queue is not reachable right now. Press Retry in a minute.",
        "Очередь заданий сейчас недоступна. Нажмите «Повторить» через минуту.",
    ),
    (
        ErrorCode.INTERNAL,
        {"reason": ErrorReason.TOO_MANY_ATTEMPTS},
        "This job stopped before finishing several times in a row, so we gave up on it. Press "
        "Retry to try again.",
        "Это задание несколько раз подряд останавливалось, не завершившись, поэтому мы его "
        "прекратили. Нажмите «Повторить», чтобы попробовать снова.",
    ),
]


@pytest.mark.parametrize(
    ("code", "params", "english", "russian"), ERRORS, ids=[e[0] for e in ERRORS]
)
def test_each_error_reads_in_english_and_in_russian(
    code: str, params: dict[str, Any], english: str, russian: str
) -> None:
    with translation.override("en"):
        assert error_words(code, params) == english
    with translation.override("ru"):
        assert error_words(code, params) == russian


def test_every_error_code_has_words_even_without_parameters() -> None:
    assert {e[0] for e in ERRORS} == set(ErrorCode.values)
    with translation.override("ru"):
        for code in ErrorCode.values:
            words = error_words(code)
            assert words and code not in words and "Press Retry" not in words


def test_no_error_code_reads_as_nothing() -> None:
    assert error_words("", {"fault": "busy"}) == ""


@pytest.mark.parametrize(
    ("seconds", "english", "russian"),
    [
        (1, "1 second", "1 секунду"),
        (2, "2 seconds", "2 секунды"),
        (5, "5 seconds", "5 секунд"),
        (21, "21 seconds", "21 секунду"),
        (60, "60 seconds", "60 секунд"),
        (120, "2 minutes", "2 минуты"),
        (300, "5 minutes", "5 минут"),
        (21 * 60, "21 minutes", "21 минуту"),
        (7200, "2 hours", "2 часа"),
        (5 * 3600, "5 hours", "5 часов"),
        (21 * 3600, "21 hours", "21 час"),
    ],
)
def test_durations_take_the_plural_form_of_their_number(
    seconds: int, english: str, russian: str
) -> None:
    with translation.override("en"):
        assert duration_words(seconds) == english
    with translation.override("ru"):
        assert duration_words(seconds) == russian


@pytest.mark.parametrize(
    ("unit", "forms"),
    [
        ("second", ("1 секунду", "2 секунды", "5 секунд", "21 секунду")),
        ("minute", ("1 минуту", "2 минуты", "5 минут", "21 минуту")),
        ("hour", ("1 час", "2 часа", "5 часов", "21 час")),
    ],
)
def test_each_unit_has_the_three_russian_plural_forms(unit: str, forms: tuple[str, ...]) -> None:
    """The units a wait is told in, at 1, 2, 5 and 21 ("ждали 1 минуту / 2 минуты / 5 минут")."""
    with translation.override("ru"):
        told = tuple(
            translation.ngettext(f"%(count)d {unit}", f"%(count)d {unit}s", n) % {"count": n}
            for n in (1, 2, 5, 21)
        )
    assert told == forms


def test_a_wait_over_its_budget_says_how_long_in_the_readers_plural() -> None:
    with translation.override("ru"):
        assert error_words(ErrorCode.AI_BUSY, {"waited": 1}) == (
            "ИИ был занят 1 секунду, поэтому мы перестали ждать. Нажмите «Повторить», чтобы "
            "попробовать снова."
        )
        assert error_words(ErrorCode.AI_UNAVAILABLE, {"waited": 21 * 60}).startswith(
            "ИИ был недоступен 21 минуту,"
        )
    with translation.override("en"):
        assert error_words(ErrorCode.AI_UNAVAILABLE, {"waited": 0}) == (
            "The AI was not reachable, so we stopped waiting. Press Retry to try again."
        )


@pytest.mark.parametrize("status", ["", "succeeded", "no-such-status"])
def test_an_unknown_stage_reads_as_its_status_or_a_generic_phrase(status: str) -> None:
    expected = {"succeeded": "Succeeded"}.get(status, "Working on it")
    with translation.override("en"):
        assert stage_words("no_such_stage", {"x": 1}, status=status) == expected


@pytest.mark.parametrize(
    "params",
    [None, {}, {"done": "many", "total": None}, {"seconds": "soon"}, {"busy": [1]}, {"done": -4}],
)
def test_broken_parameters_give_plain_words_not_an_error(params: Any) -> None:
    with translation.override("ru"):
        for stage in Stage.values:
            assert stage_words(stage, params)
        for code in ErrorCode.values:
            assert error_words(code, params)


def test_an_unknown_error_code_falls_back_to_a_generic_phrase() -> None:
    with translation.override("en"):
        assert error_words("no_such_code", {"fault": "no_such_fault"}) == (
            "Something went wrong. Press Retry to try again."
        )
    with translation.override("ru"):
        assert error_words("no_such_code") == (
            "Что-то пошло не так. Нажмите «Повторить», чтобы попробовать снова."
        )
