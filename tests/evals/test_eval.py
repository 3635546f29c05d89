"""`make eval`: the prompt variants over recorded replies, and over a real Ollama's HTTP API."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from evals.__main__ import main
from evals.replay import RECORDED
from evals.replay import recorded_cases
from testkit.recipes import recipes_reply
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

VISION_CLEAN = json.dumps(
    {"ingredients": [{"name": "Tomatoes", "confidence": 0.9}, {"name": "milk", "confidence": 0.8}]}
)


def case_line(kind: str, n: int, v1: str, compact: str, **extra: Any) -> str:
    base: dict[str, Any] = {"case": f"{kind[0]}{n}", "shape": "clean", "language": "en"}
    if kind == "recipes":
        base["ask"] = {
            "ingredients": ["tomato", "eggs"],
            "must_use": [],
            "count": 1,
            "max_minutes": 30,
            "cuisine": "",
            "preferences": {"diet": "none", "allergies": ["peanuts"], "servings": 2},
        }
    else:
        base["labels"] = ["tomato", "eggs", "milk", "onion"]
    return json.dumps({**base, **extra, "replies": {"v1": v1, "compact": compact}})


def rows(out: str, label: str) -> list[str]:
    """The cells of a variant's row in the printed table."""
    line = next(line for line in out.splitlines() if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_replies_are_read_as_the_site_reads_them_and_the_counts_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Clean, fenced and truncated replies: valid, unwrapped locally, needing a repair round;
    a recipe with peanuts for a peanut allergy is withheld; names are compared without case
    or plural."""
    peanut = recipes_reply("Satay").replace('"tomato"', '"peanut butter"', 1)
    (tmp_path / "recipes.jsonl").write_text(
        "\n".join(
            [
                case_line("recipes", 1, recipes_reply("A"), recipes_reply("A")),
                case_line("recipes", 2, f"```json\n{recipes_reply('B')}\n```", recipes_reply("B")),
                case_line("recipes", 3, recipes_reply("C")[:90], recipes_reply("C")),
                case_line("recipes", 4, peanut, peanut),
            ]
        )
    )
    (tmp_path / "vision.jsonl").write_text(
        "\n".join(
            [
                case_line("vision", 1, VISION_CLEAN, VISION_CLEAN),
                case_line(
                    "vision", 2, f"Here: {VISION_CLEAN} ok", '{"ingredients": [{"name": "tom'
                ),
            ]
        )
    )

    main(["--recorded", str(tmp_path)])
    out = capsys.readouterr().out

    v3 = rows(out, "recipes-v3")
    assert v3[1] == "4" and v3[4:8] == ["2", "1", "1", "1 of 3"], v3
    compact = rows(out, "recipes-compact-v1")
    assert compact[4:8] == ["4", "0", "0", "1 of 4"], compact
    vision = rows(out, "vision-v2")
    # two replies of tomato and milk against four labels each: precision 1, recall 0.5
    assert vision[4:10] == ["1", "1", "0", "1.00", "0.50", "0.67"], vision
    assert rows(out, "vision-compact-v1")[4:7] == ["1", "0", "1"]
    assert re.search(r"recipes-compact-v1 against recipes-v3: prompt \d+ %, reply \d+ %", out)


def test_the_recorded_set_holds_thirty_replies_of_every_kind_and_the_malformed_shapes() -> None:
    for kind in ("recipes", "vision"):
        cases = recorded_cases(kind, RECORDED)
        assert len(cases) >= 30
        shapes = {c["shape"] for c in cases}
        assert {"clean", "fenced", "prose", "trailing_comma", "truncated"} <= shapes
        assert {c["language"] for c in cases} == {"en", "ru"}


def test_live_against_an_ollama_prints_the_tokens_it_reports(
    fake_ollama: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "profiles.json"
    profiles.write_text(json.dumps([json.loads(case_line("recipes", 1, "", ""))]))
    main(["--host", fake_ollama.url, "--kind", "recipes", "--profiles", str(profiles)])
    out = capsys.readouterr().out
    for label in ("recipes-v3", "recipes-compact-v1"):
        cells = rows(out, label)
        assert cells[1] == "1" and int(cells[4]) > 0 and int(cells[5]) > 0, cells
        assert cells[7] == "1", "the reply read as it came"
    assert len(fake_ollama.requests_to("/api/chat")) == 2

    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "fridge.jpg").write_bytes(jpeg_bytes())
    (photos / "labels.json").write_text(json.dumps({"fridge.jpg": ["tomato", "eggs", "bread"]}))
    main(
        [
            "--host",
            fake_ollama.url,
            "--kind",
            "vision",
            "--photos",
            str(photos),
            "--variants",
            "vision-v2",
        ]
    )
    cells = rows(capsys.readouterr().out, "vision-v2")
    # it sees tomato, eggs, cheddar cheese, spinach and milk: 2 of 5 right, 2 of 3 found
    assert cells[10:13] == ["0.40", "0.67", "0.50"], cells
