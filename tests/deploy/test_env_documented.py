"""Every environment variable the settings read is documented for operators.

A new `env("NAME", ...)` or `env.<type>("NAME", ...)` in config/settings/*.py must come with
a line in .env.example and a row in the table of docs/infrastructure.md, or this test fails.
"""

from __future__ import annotations

import re

from tests.deploy.conftest import ENV_EXAMPLE
from tests.deploy.conftest import ROOT

SETTINGS = ROOT / "config" / "settings"
DOCS = ROOT / "docs" / "infrastructure.md"
ENV_CALL = re.compile(r"""\benv(?:\.[a-z_]+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def _settings_variables() -> set[str]:
    names: set[str] = set()
    for path in sorted(SETTINGS.glob("*.py")):
        names |= set(ENV_CALL.findall(path.read_text()))
    return names


def _env_example_variables() -> set[str]:
    """`NAME=value` lines, and `# NAME=default` lines for optional variables."""
    return set(re.findall(r"^#?\s?([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.M))


def _documented_variables() -> set[str]:
    """First cell of each row of the environment table: | `NAME` | ... |"""
    return set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", DOCS.read_text(), re.M))


def test_the_settings_parser_finds_variables() -> None:
    found = _settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "OLLAMA_HOST"} <= found
    assert "MAX_UPLOAD_MB" in found  # env.int("MAX_UPLOAD_MB", ...)


def test_every_settings_variable_is_in_env_example() -> None:
    missing = _settings_variables() - _env_example_variables()
    assert not missing, f"add to .env.example (with a comment): {sorted(missing)}"


def test_every_settings_variable_is_in_the_infrastructure_docs() -> None:
    missing = _settings_variables() - _documented_variables()
    assert not missing, f"add to the table in docs/infrastructure.md: {sorted(missing)}"


def test_every_env_example_variable_is_in_the_infrastructure_docs() -> None:
    missing = _env_example_variables() - _documented_variables()
    assert not missing, f"add to the table in docs/infrastructure.md: {sorted(missing)}"


def test_every_env_example_variable_has_a_comment() -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    for index, line in enumerate(lines):
        if not re.match(r"^#?\s?[A-Z][A-Z0-9_]*=", line):
            continue
        above = index - 1
        while above >= 0 and re.match(r"^#?\s?[A-Z][A-Z0-9_]*=", lines[above]):
            above -= 1  # variables grouped under one comment
        assert above >= 0, line
        assert lines[above].startswith("# "), f"no comment above: {line}"
