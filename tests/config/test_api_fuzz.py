"""Property-based requests generated from the OpenAPI schema: no 500, and the docs tell the truth.

Schemathesis sends valid and edge-case requests to every operation (odd strings, huge numbers,
empty bodies, unknown ids) and checks that the answer is never a server error, that its status
code is one the schema documents, and that its body matches the documented shape.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings
from rest_framework.authtoken.models import Token
from schemathesis import GenerationConfig

from tests.factories import ScanFactory
from tests.factories import UserFactory


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    """The schema, loaded through the WSGI app inside the test's transaction.

    As Django's own test client does, requests must not close the database connection (that
    would end the test's transaction), so that signal handler is unhooked meanwhile.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# Credentials are sent explicitly below, not generated (a generated session cookie next to a valid
# token would read as "authentication ignored").
schema = schemathesis.from_pytest_fixture(
    "api_schema", generation_config=GenerationConfig(with_security_parameters=False)
)


@pytest.fixture
def token(db: None) -> str:
    user = UserFactory(username="fuzzer")
    ScanFactory(user=user)  # something to find, so not every id is unknown
    return str(Token.objects.get_or_create(user=user)[0].key)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented_and_never_500(case: Any, token: str) -> None:
    # Explicit credentials: the check for ignored credentials then retries without them, and
    # with wrong ones in the header and in a cookie (it needs both containers to exist).
    case.headers, case.cookies = case.headers or {}, case.cookies or {}
    case.call_and_validate(headers={"Authorization": f"Token {token}"})
