"""The Russian catalogues are complete, compiled and in step with the strings the site marks.

`make messages` refreshes them (docs/i18n.md); these fail when it was not run after a string
changed, when a translation is missing or fuzzy, or when the committed .mo is older than its .po.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.conftest import missing_service
from tests.support.catalogues import entries
from tests.support.catalogues import header_is_fuzzy

LOCALE = ROOT / "locale" / "ru" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
# What `make messages` ignores; the copy below leaves the same folders out.
IGNORED = (
    ".venv",
    ".git",
    "fake_ollama",
    "tests",
    "testkit",
    "loadtest",
    "benchmarks",
    "staticfiles",
    "var",
)


def _msgfmt() -> str:
    found = shutil.which("msgfmt")
    if found is None:
        missing_service("gettext's msgfmt is not installed (scripts/ensure-system-deps.sh)")
    assert found is not None
    return found


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_has_a_russian_translation(domain: str) -> None:
    untranslated = [str(e) for e in entries(LOCALE / f"{domain}.po") if not all(e.msgstr)]
    assert not untranslated, f"translate in {domain}.po: {untranslated}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_no_translation_is_fuzzy(domain: str) -> None:
    path = LOCALE / f"{domain}.po"
    fuzzy = [str(e) for e in entries(path) if "fuzzy" in e.flags]
    assert not fuzzy, f"check and unmark these fuzzy entries of {domain}.po: {fuzzy}"
    assert not header_is_fuzzy(path), f"the header of {domain}.po is still marked fuzzy"


@pytest.mark.parametrize("domain", DOMAINS)
def test_plural_messages_have_every_russian_form(domain: str) -> None:
    """Russian needs one, few and many forms (1 рецепт, 2 рецепта, 5 рецептов) and fractions."""
    short = [
        str(e) for e in entries(LOCALE / f"{domain}.po") if e.msgid_plural and len(e.msgstr) != 4
    ]
    assert not short, f"give all four forms: {short}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_committed_mo_is_compiled_from_the_po(domain: str, tmp_path: Path) -> None:
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        [_msgfmt(), "--check-format", "-o", str(compiled), str(LOCALE / f"{domain}.po")],
        check=True,
    )
    with compiled.open("rb") as fresh, (LOCALE / f"{domain}.mo").open("rb") as committed:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        committed_catalog = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    assert committed_catalog == fresh_catalog, f"run `make messages`: {domain}.mo is stale"


def _copy_of_the_site(target: Path) -> None:
    shutil.copytree(
        ROOT,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns(*IGNORED, "__pycache__", "*.mo", "media"),
    )


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """makemessages run the way `make messages` runs it, on a copy of the repository."""
    _msgfmt()
    copy = tmp_path_factory.mktemp("messages") / "site"
    _copy_of_the_site(copy)
    ignore = [f"--ignore={name}" for name in IGNORED]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "VAR_DIR": str(copy)}
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "ru", "-d", domain, *ignore],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
    return copy / "locale" / "ru" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_is_in_the_catalogue(domain: str, fresh_catalogues: Path) -> None:
    """A string marked for translation but missing from the .po would show in English."""
    committed = {e.key for e in entries(LOCALE / f"{domain}.po")}
    fresh = {e.key for e in entries(fresh_catalogues / f"{domain}.po")}
    missing = sorted(fresh - committed, key=str)
    assert not missing, f"run `make messages` and translate: {missing}"
    unused = sorted(committed - fresh, key=str)
    assert not unused, f"no longer marked anywhere (run `make messages`): {unused}"
