"""Salvage a finished reply that is JSON in all but its wrapping, without asking the model again.

Some models wrap the JSON they were asked for in a ```json code fence, put a sentence before or
after it ("Sure! Here is the JSON: {...} Enjoy"), or leave a trailing comma. json-repair reads
the object out of such a reply. What it had to finish for the reply (a string, an array or an
object the model never closed) is not salvaged: an unfinished reply goes to the repair round,
like any other that cannot be read. (A reply cut off by the length limit never gets here: Ollama
says so in `done_reason`, and the gateway raises ReplyTruncated.)
"""

from __future__ import annotations

import json

from json_repair import repair_json

# What json-repair says when it closed something the model left open (its own log's words;
# tests/integrations/ollama/test_salvage.py pins the behaviour against the locked version).
_UNFINISHED = "missed the closing"


def salvage(text: str) -> str | None:
    """The JSON object a reply holds, as JSON text, or None when it holds no finished one."""
    start = text.find("{")
    if start < 0 or text.rfind("}") < start:
        return None  # no object, or one that never closed anything
    found, log = repair_json(text, return_objects=True, logging=True)
    if not isinstance(found, dict) or not found:
        return None
    if any(_UNFINISHED in str(entry.get("text", "")) for entry in log):
        return None
    return json.dumps(found, ensure_ascii=False)
