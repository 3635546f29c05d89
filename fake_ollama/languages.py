"""Which language a prompt asks the simulated model to answer in, read from the prompt alone.

A real model follows the instruction it is given ("Write every text field in Russian", "Name
them in Russian"), and with no instruction it answers in the language the prompt is written in.
The fake does the same, so a Russian request gets a Russian answer with no hint from the app.
What a person typed (the `<tag>` … `</tag>` data blocks) is data, not instructions: ignored here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RUSSIAN = "ru"
ENGLISH = "en"

_BLOCK = re.compile(r"^\s*<(\w+)>\s*$.*?^\s*</\1>\s*$", re.MULTILINE | re.DOTALL)
_IN_LANGUAGE = re.compile(r"\b(?:in|into)\s+(Russian|English)\b", re.IGNORECASE)
_RUSSIAN_WORDS = re.compile(r"на\s+русском|по-русски", re.IGNORECASE)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


def asked_language(texts: Iterable[str]) -> str:
    """ "ru" when the conversation asks for Russian, else "en".

    Asking for Russian anywhere wins over English mentioned beside it: the recipe prompt asks
    for every text in Russian except one field "which is in English".
    """
    text = _BLOCK.sub(" ", "\n".join(texts))
    named = {found.group(1).lower() for found in _IN_LANGUAGE.finditer(text)}
    if "russian" in named or _RUSSIAN_WORDS.search(text):
        return RUSSIAN
    if "english" in named:
        return ENGLISH
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    return RUSSIAN if cyrillic > latin else ENGLISH
