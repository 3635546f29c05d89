"""`manage.py migrate` alone leaves a working site: no second command to remember.

The database cache (throttles, lockouts, the circuit breaker) lives in a table; a fresh database
that only saw `migrate` must already have it, or every sign-up is a 500.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.processes import run_python

SIGN_UP = """
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
response = Client().post(
    "/accounts/signup/",
    {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "password1": "a-long-Pass-phrase-42",
        "password2": "a-long-Pass-phrase-42",
    },
)
print("PAGE", response.status_code, response.get("Location", ""))
response = Client().post(
    "/api/v1/auth/register/",
    {
        "username": "apiuser",
        "email": "apiuser@example.com",
        "password": "another-long-Pass-42",
    },
    content_type="application/json",
)
print("API", response.status_code)
"""


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_python("manage.py", *args, env=env)


def _fresh_database(tmp_path: Path) -> dict[str, str]:
    """The environment of `manage.py` on an empty SQLite file with the database cache."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "CACHE_URL": "dbcache://chef_cache",
        "VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def test_a_fresh_database_after_only_migrate_serves_a_sign_up(tmp_path: Path) -> None:
    env = _fresh_database(tmp_path)

    migrated = _manage(["migrate", "--noinput", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    signed_up = _manage(["shell", "-c", SIGN_UP], env)

    assert signed_up.returncode == 0, signed_up.stderr[-3000:]
    seen = signed_up.stdout + signed_up.stderr[-3000:]
    assert "PAGE 302 /accounts/profile/" in signed_up.stdout, seen
    assert "API 201" in signed_up.stdout, seen


def test_migrate_is_idempotent_with_the_cache_table_already_there(tmp_path: Path) -> None:
    """`make migrate` still runs createcachetable after migrate; both orders work."""
    env = _fresh_database(tmp_path)
    for args in (["createcachetable"], ["migrate", "--noinput", "-v", "0"], ["createcachetable"]):
        result = _manage(args, env)
        assert result.returncode == 0, f"{args}: {result.stderr}"
