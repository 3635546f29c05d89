"""The gateway's codes are the ones the core stores: a new fault cannot reach a job or a call
record with a value the database and the pages do not know."""

from __future__ import annotations

import pytest

from core.job_words import fault_words
from core.jobs import ErrorCode
from core.models import ModelCall
from integrations.ollama import errors


def test_every_code_the_gateway_raises_is_a_job_error_code() -> None:
    assert {c.value for c in errors.Code} <= set(ErrorCode.values)


def test_call_outcomes_are_the_model_call_log_outcomes() -> None:
    assert {o.value for o in errors.Outcome} == set(ModelCall.Outcome.values)


@pytest.mark.parametrize("fault", list(errors.Fault))
def test_every_fault_has_words_for_people_without_operator_details(fault: errors.Fault) -> None:
    message = fault_words(errors.AIServiceError("detail for the log", fault=fault))
    assert message and "detail for the log" not in message
