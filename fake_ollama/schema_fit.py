"""Fitting a value to a JSON schema, so a canned reply passes the app's own validation."""

from __future__ import annotations

import copy
from typing import Any

from .wire import JSON


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
