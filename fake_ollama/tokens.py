"""Token-sized pieces of a reply: one per streamed chunk, and the counts Ollama reports."""

from __future__ import annotations

import re

# Roughly the token sizes a BPE tokenizer produces: short letter runs, up to three digits, one
# punctuation mark, each with its leading whitespace. Joined back they give the text unchanged.
_TOKEN = re.compile(r"\s*(?:[^\W\d_]{1,6}|\d{1,3}|[^\w\s]|_)|\s+")


def split_tokens(text: str) -> list[str]:
    """Cut a reply into token-sized pieces, one per streamed chunk, as a real model emits them."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    return max(1, len(split_tokens(text)))
