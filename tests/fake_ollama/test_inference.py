"""Chat and generate (`fake_ollama.inference`): streaming, metrics and Ollama's refusals."""

from __future__ import annotations

import ollama
import pytest

from tests.fake_ollama.conftest import PHOTO
from tests.fake_ollama.conftest import ask
from tests.fake_ollama.conftest import recipe_prompt


def test_streamed_chat_reassembles_into_the_non_streamed_reply(client: ollama.Client) -> None:
    chunks = list(ask(client, recipe_prompt("tomato", "eggs"), stream=True))
    whole = ask(client, recipe_prompt("tomato", "eggs"), stream=False)
    assert len(chunks) > 10
    assert all(not c.done and c.message.role == "assistant" for c in chunks[:-1])
    assert "".join(c.message.content or "" for c in chunks) == whole.message.content
    last = chunks[-1]
    assert last.done
    assert last.done_reason == "stop"
    assert last.eval_count == len(chunks) - 1
    for reply in (last, whole):
        assert (reply.prompt_eval_count or 0) > 0
        assert (reply.eval_count or 0) > 0
        assert (reply.load_duration or 0) > 0
        assert (reply.total_duration or 0) > (reply.eval_duration or 0) > 0


def test_generate_streams_and_answers_plain_text(client: ollama.Client) -> None:
    parts = list(client.generate(model="mistral", prompt="An idea for dinner?", stream=True))
    text = "".join(p.response or "" for p in parts)
    whole = client.generate(model="mistral", prompt="An idea for dinner?")
    assert text == whole.response
    assert "eggs" in text
    assert parts[-1].done
    assert parts[-1].context
    assert (whole.eval_count or 0) > 0


def test_a_photo_sent_to_a_text_model_fails_as_ollama_does(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="mistral", messages=[{"role": "user", "content": "?", "images": [PHOTO]}])
    assert caught.value.status_code == 500
    assert "missing data required for image input" in caught.value.error
