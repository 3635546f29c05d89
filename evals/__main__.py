"""`make eval`: what each prompt variant costs in tokens and how its replies read.

    python -m evals                      the shipped variants over the recorded replies
    python -m evals --host URL --kind recipes [--profiles FILE] [--variants L1,L2]
    python -m evals --host URL --kind vision --photos DIR [--language ru] [--variants L1,L2]

With --host the variants (by label, from the site's database) ask a real Ollama: recipe variants
over a set of profiles (a JSON list of {"language", "ask"} like the recorded cases; the recorded
set's by default), vision variants over a folder of photos with a labels.json (file name → the
ingredient names in the photo). Token estimates use one tokenizer-like count for every variant;
--host adds the counts Ollama reports.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import django


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()


def pct(part: float, whole: float) -> str:
    return "—" if not whole else f"{100 * part / whole:.0f} %"


def table(kind: str, tallies: list[Any], *, live: bool) -> list[str]:
    head = "| variant | cases | prompt tokens (est.) | reply tokens (est.) |"
    rule = "|---|---|---|---|"
    if live:
        head += " prompt tokens (Ollama) | reply tokens (Ollama) | seconds |"
        rule += "---|---|---|"
    head += " valid | salvaged | needs repair |"
    rule += "---|---|---|"
    if kind == "recipes":
        head += " withheld by the check |"
        rule += "---|"
    else:
        head += " precision | recall | F1 | count error |"
        rule += "---|---|---|---|"
    lines = [head, rule]
    for t in tallies:
        n = max(1, t.cases)
        row = f"| {t.label} | {t.cases} | {t.prompt_tokens / n:.0f} | {t.reply_tokens / n:.0f} |"
        if live:
            mp = sum(t.model_prompt_tokens) / max(1, len(t.model_prompt_tokens))
            mr = sum(t.model_reply_tokens) / max(1, len(t.model_reply_tokens))
            sec = sum(t.seconds) / max(1, len(t.seconds))
            row += f" {mp:.0f} | {mr:.0f} | {sec:.1f} |"
        row += f" {t.valid} | {t.salvaged} | {t.needs_repair} |"
        if kind == "recipes":
            row += f" {t.withheld} of {t.recipes} |"
        else:
            precision = t.found / t.listed if t.listed else 0.0
            recall = t.found / t.labels if t.labels else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            row += f" {precision:.2f} | {recall:.2f} | {f1:.2f} | {t.count_error / n:.1f} |"
        lines.append(row)
    return lines


def comparison(tallies: list[Any]) -> list[str]:
    """Each variant after the first, against the first (the baseline)."""
    base, lines = tallies[0], []
    for t in tallies[1:]:
        lines.append(
            f"{t.label} against {base.label}: prompt {pct(t.prompt_tokens, base.prompt_tokens)}, "
            f"reply {pct(t.reply_tokens, base.reply_tokens)} (targets ≤ 60 % and ≤ 80 %); "
            f"readable without a repair round {t.readable} of {t.cases} against "
            f"{base.readable} of {base.cases}."
        )
    return lines


def pick(kind: str, labels: str | None) -> list[Any]:
    from core.models import PromptVariant

    chosen = [
        v
        for v in PromptVariant.objects.filter(kind=kind)
        if not labels or v.label in labels.split(",")
    ]
    if labels:
        order = labels.split(",")
        missing = set(order) - {v.label for v in chosen}
        if missing:
            sys.exit(f"no {kind} variant labelled {', '.join(sorted(missing))}")
        return sorted(chosen, key=lambda v: order.index(v.label))
    shipped = {
        "recipes": ["recipes-v3", "recipes-compact-v1"],
        "vision": ["vision-v2", "vision-compact-v1"],
    }
    return sorted(
        (v for v in chosen if v.label in shipped[kind]), key=lambda v: shipped[kind].index(v.label)
    )


def recorded(folder: Path) -> None:
    from evals.replay import recorded_cases
    from evals.replay import replay

    for kind in ("recipes", "vision"):
        cases = recorded_cases(kind, folder)
        tallies = [replay(v, cases) for v in pick(kind, None)]
        print(f"\n## {kind}: {len(cases)} recorded replies per variant\n")
        print("\n".join(table(kind, tallies, live=False)))
        print()
        print("\n".join(comparison(tallies)))


def ask_live(
    client: Any, variant: Any, chat: list[dict[str, Any]], schema: Any
) -> tuple[str, dict[str, Any]]:
    from django.conf import settings

    default = (
        settings.OLLAMA_TEXT_MODEL if variant.kind == "recipes" else settings.OLLAMA_VISION_MODEL
    )
    started = time.monotonic()
    reply = client.chat(
        model=variant.model or default,
        messages=chat,
        format=schema.model_json_schema(),
        options=variant.options or None,
        stream=False,
    )
    return reply.message.content or "", {
        "prompt_eval_count": reply.prompt_eval_count or 0,
        "eval_count": reply.eval_count or 0,
        "seconds": time.monotonic() - started,
    }


def live(args: argparse.Namespace) -> None:
    import ollama
    from django.conf import settings

    from evals.replay import Tally
    from evals.replay import add_recipes
    from evals.replay import add_vision
    from evals.replay import prompt_size
    from evals.replay import recipe_messages
    from evals.replay import recorded_cases
    from evals.replay import vision_messages
    from recipes.schemas import recipes_reply_schema
    from vision.images import model_image
    from vision.schemas import VisionReply

    client = ollama.Client(host=args.host, timeout=args.timeout)
    tallies = []
    for variant in pick(args.kind, args.variants):
        tally = Tally(label=variant.label)
        if args.kind == "recipes":
            cases = (
                json.loads(Path(args.profiles).read_text())
                if args.profiles
                else recorded_cases("recipes")
            )
            for case in cases[: args.limit]:
                chat = recipe_messages(variant, case)
                text, stats = ask_live(
                    client, variant, chat, recipes_reply_schema(case["ask"]["count"])
                )
                tally.cases += 1
                tally.prompt_tokens += prompt_size(chat)
                add_recipes(tally, case, text)
                tally.model_prompt_tokens.append(stats["prompt_eval_count"])
                tally.model_reply_tokens.append(stats["eval_count"])
                tally.seconds.append(stats["seconds"])
        else:
            folder = Path(args.photos)
            labels: dict[str, list[str]] = json.loads((folder / "labels.json").read_text())
            for name, truth in list(labels.items())[: args.limit]:
                model = variant.model or settings.OLLAMA_VISION_MODEL
                image = model_image((folder / name).read_bytes(), model=model)
                chat = vision_messages(variant, args.language, base64.b64encode(image).decode())
                text, stats = ask_live(client, variant, chat, VisionReply)
                tally.cases += 1
                tally.prompt_tokens += prompt_size(chat)
                add_vision(tally, truth, text)
                tally.model_prompt_tokens.append(stats["prompt_eval_count"])
                tally.model_reply_tokens.append(stats["eval_count"])
                tally.seconds.append(stats["seconds"])
        tallies.append(tally)
    print(f"\n## {args.kind} on {args.host}\n")
    print("\n".join(table(args.kind, tallies, live=True)))
    print()
    print("\n".join(comparison(tallies)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    parser.add_argument("--recorded", default=None, help="folder of recorded replies")
    parser.add_argument("--host", help="an Ollama to ask (live mode)")
    parser.add_argument("--kind", choices=["recipes", "vision"], default="recipes")
    parser.add_argument("--variants", help="labels, comma-separated; the first is the baseline")
    parser.add_argument("--profiles", help="recipes: a JSON list of cases")
    parser.add_argument("--photos", help="vision: a folder with labels.json")
    parser.add_argument("--language", default="en", help="vision: the language of the names")
    parser.add_argument("--limit", type=int, default=100, help="at most this many cases")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per model call")
    args = parser.parse_args(argv)
    _setup()
    if args.host:
        if args.kind == "vision" and not args.photos:
            parser.error("--kind vision needs --photos DIR (with labels.json)")
        live(args)
    else:
        from evals.replay import RECORDED

        recorded(Path(args.recorded) if args.recorded else RECORDED)


if __name__ == "__main__":
    main()
