"""What the simulated models know and say when a test has not scripted a reply.

The defaults must pass the app's own validation, so that happy-path tests and the offline demo
work with no scripting at all: a reply is built from the prompt (the user's ingredients, the time
limit, the servings) and then fitted to the JSON schema the request sends in `format`. Fitting,
rather than trusting a hand-written reply, keeps the simulator honest when the app's reply
schemas change: a new required field gets a plausible value instead of a confusing failure.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import re
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]

VISION_INGREDIENTS: tuple[tuple[str, float], ...] = (
    ("tomato", 0.94),
    ("eggs", 0.91),
    ("cheddar cheese", 0.82),
    ("spinach", 0.77),
    ("milk", 0.7),
)

GENERATE_TEXT = (
    "Whisk the eggs with a splash of milk, wilt the spinach in a hot pan, then fold everything "
    "together with grated cheese for a soft, quick omelette."
)

# Roughly the token sizes a BPE tokenizer produces: short letter runs, up to three digits, one
# punctuation mark, each with its leading whitespace. Joined back they give the text unchanged.
_TOKEN = re.compile(r"\s*(?:[^\W\d_]{1,6}|\d{1,3}|[^\w\s]|_)|\s+")

# --- the model catalogue ------------------------------------------------------------------------

_VISION_NAME = re.compile(r"(vision|llava|moondream|minicpm-v|gemma3|vl)(?=$|[-_.:\d])")
_PARAMS = re.compile(r"(\d+(?:\.\d+)?)b\b")
_FAMILIES: tuple[tuple[str, str], ...] = (
    ("qwen2.5vl", "qwen25vl"),
    ("qwen2.5", "qwen2"),
    ("qwen3", "qwen3"),
    ("llama3.2-vision", "mllama"),
    ("llava", "llama"),
    ("gemma3", "gemma3"),
    ("mistral", "llama"),
    ("llama", "llama"),
    ("phi", "phi3"),
)


def canonical_name(name: str) -> str:
    """How Ollama identifies a model: names are case-insensitive and the tag defaults to latest."""
    name = name.strip().lower()
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


@dataclass(frozen=True)
class ModelInfo:
    """The metadata Ollama reports for an installed model (tags, show, ps)."""

    name: str
    family: str
    parameter_size: str
    parameter_count: int
    size: int
    digest: str
    vision: bool

    @property
    def capabilities(self) -> list[str]:
        return ["completion", "vision"] if self.vision else ["completion", "tools"]

    def details(self) -> JSON:
        return {
            "parent_model": "",
            "format": "gguf",
            "family": self.family,
            "families": [self.family],
            "parameter_size": self.parameter_size,
            "quantization_level": "Q4_K_M",
        }


def model_info(name: str, *, vision: bool | None = None) -> ModelInfo:
    """Plausible metadata derived from the name alone, so any name a test invents works."""
    canonical = canonical_name(name)
    base, _, tag = canonical.rpartition(":")
    if vision is None:
        vision = bool(_VISION_NAME.search(base))
    family = next(
        (fam for prefix, fam in _FAMILIES if base.startswith(prefix)),
        "qwen25vl" if vision else "llama",
    )
    found = _PARAMS.search(tag) or _PARAMS.search(base)
    billions = float(found.group(1)) if found else 7.2
    count = int(billions * 1_000_000_000)
    return ModelInfo(
        name=canonical,
        family=family,
        parameter_size=f"{billions:.1f}B",
        parameter_count=count,
        size=int(count * 0.62),  # about what a Q4_K_M quantisation weighs
        digest=hashlib.sha256(canonical.encode()).hexdigest(),
        vision=vision,
    )


# --- tokens ---------------------------------------------------------------------------------------


def split_tokens(text: str) -> list[str]:
    """Cut a reply into token-sized pieces, one per streamed chunk, as a real model emits them."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    return max(1, len(split_tokens(text)))


# --- default replies ------------------------------------------------------------------------------


def default_reply(endpoint: str, body: JSON) -> str:
    """The content the simulated model answers with when no reply was scripted.

    A request carrying images gets the vision reply (a list of ingredients); any other chat
    request, or a generate request with a `format`, gets recipes built from the prompt; a plain
    generate request gets a short text.
    """
    text, images = last_user_turn(endpoint, body)
    fmt = body.get("format")
    if images:
        reply: Any = vision_reply()
    elif endpoint == "generate" and not fmt:
        return GENERATE_TEXT
    else:
        reply = recipes_reply(text, count=recipe_count(fmt))
    if isinstance(fmt, dict):
        reply = fit_to_schema(reply, fmt)
    return json.dumps(reply, ensure_ascii=False)


def last_user_turn(endpoint: str, body: JSON) -> tuple[str, list[str]]:
    """The text and images of what the user said last: the prompt a model answers."""
    if endpoint == "generate":
        return str(body.get("prompt") or ""), list(body.get("images") or [])
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content") or ""), list(message.get("images") or [])
    return "", []


def vision_reply() -> JSON:
    return {"ingredients": [{"name": n, "confidence": c} for n, c in VISION_INGREDIENTS]}


def recipe_count(fmt: object) -> int:
    """As many recipes as the schema asks for (minItems on `recipes`), else three."""
    if isinstance(fmt, dict):
        recipes = (fmt.get("properties") or {}).get("recipes") or {}
        if isinstance(recipes.get("minItems"), int) and recipes["minItems"] > 0:
            return int(recipes["minItems"])
    return 3


@dataclass(frozen=True)
class _Dish:
    title: str
    cuisine: str
    difficulty: str
    minutes: int
    method: str


_DISHES: tuple[_Dish, ...] = (
    _Dish("{a} and {b} skillet", "Mediterranean", "easy", 20, "Cook the {a} in the pan"),
    _Dish("Baked {a} with {b}", "French", "medium", 35, "Bake the {a} at 200 °C"),
    _Dish("{a} and {b} stir-fry", "Chinese", "easy", 15, "Stir-fry the {a} over high heat"),
    _Dish("Creamy {a} and {b} soup", "Italian", "medium", 30, "Simmer the {a} in the pot"),
    _Dish("{a} and {b} tacos", "Mexican", "easy", 25, "Sear the {a} in a dry pan"),
    _Dish("Roasted {a} salad with {b}", "Greek", "hard", 45, "Roast the {a} until golden"),
)

_PANTRY: tuple[tuple[str, float | None, str], ...] = (
    ("olive oil", 2.0, "tbsp"),
    ("salt", None, "to taste"),
)

_UNITS: tuple[tuple[str, float, str], ...] = (
    ("egg", 3.0, "pcs"),
    ("garlic", 2.0, "cloves"),
    ("milk|cream|stock|broth|juice|water|yogurt|yoghurt", 200.0, "ml"),
    ("cheese|butter|flour|sugar|rice|pasta|spinach|meat|chicken|beef|pork|fish", 150.0, "g"),
    ("onion|tomato|pepper|lemon|lime|apple|potato|carrot|zucchini|cucumber|avocado", 2.0, "pcs"),
)


def prompt_block(text: str, tag: str) -> list[str]:
    """The `- name` lines of every `<tag>` … `</tag>` block in the prompt."""
    names: list[str] = []
    pattern = rf"^\s*<{tag}>\s*$(.*?)^\s*</{tag}>\s*$"
    for block in re.finditer(pattern, text, re.MULTILINE | re.DOTALL):
        for raw in block.group(1).splitlines():
            line = raw.strip()
            if line.startswith("- "):
                name = re.sub(r"\s*\([^)]*\)\s*$", "", line[2:]).strip()
                if name and name != "(none)":
                    names.append(name)
    return names


def _prompt_number(text: str, pattern: str) -> int | None:
    found = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
    return int(found.group(1)) if found else None


def recipes_reply(text: str, *, count: int = 3) -> JSON:
    """`count` different recipes from the ingredients in the prompt, within its time limit."""
    avoid = {n.casefold() for n in prompt_block(text, "avoid")}
    names: list[str] = []
    for name in prompt_block(text, "ingredients"):
        if name.casefold() not in avoid and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    if not names:
        names = ["eggs", "tomato", "onion"]
    max_minutes = _prompt_number(text, r"Maximum total time:\s*(\d+)\s*min")
    servings = _prompt_number(text, r"^\s*Servings:\s*(\d+)") or 2
    cuisine = re.search(r"^\s*Preferred cuisine:\s*(.+?)\s*$", text, re.MULTILINE)
    rng = random.Random(hashlib.sha256(text.encode()).digest())
    return {
        "recipes": [
            _recipe(
                i,
                names,
                rng,
                max_minutes=max_minutes,
                servings=max(1, servings),
                cuisine=cuisine.group(1) if cuisine else None,
            )
            for i in range(count)
        ]
    }


def _recipe(
    i: int,
    names: list[str],
    rng: random.Random,
    *,
    max_minutes: int | None,
    servings: int,
    cuisine: str | None,
) -> JSON:
    dish = _DISHES[i % len(_DISHES)]
    used = [names[(i + k) % len(names)] for k in range(min(4, len(names)))]
    main = used[0]
    second = used[1] if len(used) > 1 else "garlic"
    title = dish.title.format(a=main, b=second)
    title = title[:1].upper() + title[1:]
    if i >= len(_DISHES):
        title += f" ({i // len(_DISHES) + 1})"
    minutes = dish.minutes if max_minutes is None else max(1, min(dish.minutes, max_minutes))
    have = {n.casefold() for n in used}
    pantry = [p for p in _PANTRY[: 1 + (i + 1) % 2] if p[0] not in have]
    kitchen_cuisine = cuisine or dish.cuisine
    return {
        "title": title,
        "description": (
            f"A {dish.difficulty} {kitchen_cuisine} dish built around {main} and {second}, "
            f"ready in {minutes} minutes."
        ),
        "cuisine": kitchen_cuisine,
        "total_minutes": minutes,
        "difficulty": dish.difficulty,
        "servings": servings,
        "ingredients": [
            {"name": n, "quantity": q, "unit": u, "have": True}
            for n, (q, u) in ((n, _quantity(n)) for n in used)
        ]
        + [{"name": n, "quantity": q, "unit": u, "have": False} for n, q, u in pantry],
        "steps": [
            f"Wash and chop the {main} and the {second}.",
            f"Heat the {pantry[0][0] if pantry else 'oil'} in a pan over medium heat.",
            dish.method.format(a=main) + ", stirring now and then.",
            f"Add the {second} and season to taste.",
            "Serve warm.",
        ],
        "nutrition": {
            "kcal": rng.randint(320, 680),
            "protein_g": round(rng.uniform(12, 35), 1),
            "fat_g": round(rng.uniform(8, 30), 1),
            "carbs_g": round(rng.uniform(15, 70), 1),
        },
        "tips": [
            f"The fresher the {main}, the better the dish.",
            "Leftovers keep for a day in the fridge.",
        ][: 1 + i % 2],
    }


def _quantity(name: str) -> tuple[float, str]:
    for pattern, amount, unit in _UNITS:
        if re.search(pattern, name, re.IGNORECASE):
            return amount, unit
    return 150.0, "g"


# --- fitting a value to a JSON schema ------------------------------------------------------------


def fit_to_schema(value: Any, schema: JSON) -> Any:
    """Return `value` made valid for `schema`, keeping as much of it as the schema allows.

    Understands what pydantic's `model_json_schema()` emits: local `$ref`/`$defs`, `anyOf` for
    optional fields, `allOf`, enums and constants, and the usual length and range keywords.
    Missing required fields are synthesised; forbidden extra keys are dropped; numbers are
    clamped; strings and lists are cut or padded to their bounds.
    """
    return _Fitter(schema).fit(value, schema, 0)


_MAX_DEPTH = 32


class _Fitter:
    def __init__(self, root: JSON) -> None:
        self.root = root

    def resolve(self, schema: Any) -> JSON:
        if not isinstance(schema, dict):
            return {}
        for _ in range(_MAX_DEPTH):
            ref = schema.get("$ref")
            if not isinstance(ref, str):
                break
            node: Any = self.root
            for part in ref.removeprefix("#").strip("/").split("/"):
                if part:
                    node = (node or {}).get(part.replace("~1", "/").replace("~0", "~"))
            schema = {**(node or {}), **{k: v for k, v in schema.items() if k != "$ref"}}
        if "allOf" in schema:
            merged: JSON = {k: v for k, v in schema.items() if k != "allOf"}
            for sub in schema["allOf"]:
                for key, val in self.resolve(sub).items():
                    if key == "properties":
                        merged["properties"] = {**val, **merged.get("properties", {})}
                    elif key == "required":
                        merged["required"] = [*merged.get("required", []), *val]
                    else:
                        merged.setdefault(key, val)
            schema = merged
        return schema

    def fit(self, value: Any, schema: Any, depth: int) -> Any:
        schema = self.resolve(schema)
        if depth > _MAX_DEPTH or not schema:
            return value
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return value if value in schema["enum"] else schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                branches = [self.resolve(b) for b in schema[key]]
                chosen = next((b for b in branches if _matches(value, b)), None)
                if chosen is None:
                    chosen = next((b for b in branches if b.get("type") != "null"), branches[0])
                return self.fit(value, chosen, depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((t for t in kind if _is_type(value, t)), None) or next(
                (t for t in kind if t != "null"), "null"
            )
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else None
        fitter = getattr(self, f"_fit_{kind}", None)
        return value if fitter is None else fitter(value, schema, depth)

    def synth(self, schema: Any, depth: int) -> Any:
        """A valid value for a schema the canned reply knows nothing about."""
        schema = self.resolve(schema)
        if "default" in schema:
            return copy.deepcopy(schema["default"])
        starts: dict[str, Any] = {
            "object": {},
            "array": [],
            "string": "example",
            "integer": 1,
            "number": 1.0,
            "boolean": False,
        }
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((t for t in kind if t != "null"), "null")
        return self.fit(starts.get(str(kind)), schema, depth + 1)

    def _fit_object(self, value: Any, schema: JSON, depth: int) -> JSON:
        source = value if isinstance(value, dict) else {}
        props: JSON = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        out: JSON = {}
        for key, sub in props.items():
            if key in source:
                out[key] = self.fit(source[key], sub, depth + 1)
            elif key in required:
                out[key] = self.synth(sub, depth + 1)
        extra = schema.get("additionalProperties", True)
        for key, val in source.items():
            if key not in props and extra is not False:
                out[key] = self.fit(val, extra, depth + 1) if isinstance(extra, dict) else val
        return out

    def _fit_array(self, value: Any, schema: JSON, depth: int) -> list[Any]:
        items = schema.get("items") or {}
        out = [self.fit(v, items, depth + 1) for v in (value if isinstance(value, list) else [])]
        if isinstance(schema.get("maxItems"), int):
            out = out[: schema["maxItems"]]
        seed = list(out)
        while len(out) < int(schema.get("minItems") or 0):
            out.append(
                copy.deepcopy(seed[len(out) % len(seed)]) if seed else self.synth(items, depth)
            )
        return out

    def _fit_string(self, value: Any, schema: JSON, depth: int) -> str:
        text = value if isinstance(value, str) else "" if value is None else str(value)
        if isinstance(schema.get("maxLength"), int):
            text = text[: schema["maxLength"]]
        minimum = int(schema.get("minLength") or 0)
        if len(text) < minimum:
            text = (text or "example").ljust(minimum, ".")
        return text

    def _fit_integer(self, value: Any, schema: JSON, depth: int) -> int:
        number = round(value) if _is_type(value, "number") else 1
        return int(_clamp(number, schema, step=1))

    def _fit_number(self, value: Any, schema: JSON, depth: int) -> float | int:
        number = value if _is_type(value, "number") else 1.0
        return _clamp(number, schema, step=0.01)

    def _fit_boolean(self, value: Any, schema: JSON, depth: int) -> bool:
        return value if isinstance(value, bool) else False

    def _fit_null(self, value: Any, schema: JSON, depth: int) -> None:
        return None


def _clamp(number: float, schema: JSON, *, step: float) -> Any:
    if isinstance(schema.get("minimum"), int | float):
        number = max(number, schema["minimum"])
    if isinstance(schema.get("maximum"), int | float):
        number = min(number, schema["maximum"])
    if isinstance(schema.get("exclusiveMinimum"), int | float):
        number = max(number, schema["exclusiveMinimum"] + step)
    if isinstance(schema.get("exclusiveMaximum"), int | float):
        number = min(number, schema["exclusiveMaximum"] - step)
    return number


def _is_type(value: Any, kind: str) -> bool:
    checks: dict[str, bool] = {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }
    return checks.get(kind, False)


def _matches(value: Any, schema: JSON) -> bool:
    """Whether `value` plausibly belongs to this branch of an anyOf/oneOf."""
    if "const" in schema:
        return bool(value == schema["const"])
    if "enum" in schema:
        return value in schema["enum"]
    kind = schema.get("type")
    if kind is None:
        return "properties" not in schema or isinstance(value, dict)
    kinds = kind if isinstance(kind, list) else [kind]
    return any(_is_type(value, k) for k in kinds)
