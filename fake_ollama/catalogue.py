"""The models the fake knows: Ollama's way of naming them and the metadata it reports."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .wire import JSON

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
