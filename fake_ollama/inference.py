"""`/api/chat` and `/api/generate`: Ollama's checks, the reply (scripted or canned), its metrics.

A request is refused as Ollama refuses it (no model, bad base64 images, a model not installed,
thinking on a model without it, a photo for a text model); an empty one only loads or unloads the
model; any other gets its reply streamed token by token or in one body, with the durations and
token counts a 7B model on a modest GPU would report.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from . import replies
from .playback import DEFAULT_ERRORS
from .playback import PlaybackHandler
from .scripts import Script
from .tokens import count_tokens
from .tokens import split_tokens
from .wire import JSON
from .wire import keep_alive_seconds
from .wire import timestamp

IMAGE_TOKENS = 768  # what a vision model spends on one downscaled photo
STREAM_ERROR = "an error was encountered while running the model: unexpected EOF"
NO_VISION = "this model is missing data required for image input"


class InferenceHandler(PlaybackHandler):
    """The two routes that run a model."""

    def _chat(self, body: JSON) -> None:
        self._infer("chat", body)

    def _generate(self, body: JSON) -> None:
        self._infer("generate", body)

    def _infer(self, endpoint: str, body: JSON) -> None:
        fake = self.server.fake
        model = body.get("model")
        if not isinstance(model, str) or not model.strip():
            self._error(400, "model is required")
            return
        images = _all_images(endpoint, body)
        if problem := _bad_base64(images):
            self._error(400, problem)
            return
        script = fake._take_script(endpoint, model)
        delay = fake.default_delay + (script.delay if script else 0.0)
        if self._failed_at_once(script, delay, model):
            return
        if not fake._installed(model):
            self._error(404, f"model '{model}' not found")
            return
        if body.get("think") is True:
            self._error(400, f'"{model}" does not support thinking')
            return
        if images and not fake._info(model).vision:
            self._error(500, NO_VISION)
            return
        chat = endpoint == "chat"
        if not (body.get("messages") if chat else body.get("prompt")):
            # An empty request only loads (or, with keep_alive 0, unloads) the model.
            unload = keep_alive_seconds(body.get("keep_alive")) == 0
            fake._use(model, body.get("keep_alive"))
            reason = "unload" if unload else "load"
            self._json(200, _frame(chat, model, "") | {"done": True, "done_reason": reason})
            return
        if not fake.capacity.acquire(model):
            self._error(503, DEFAULT_ERRORS[503])
            return
        try:
            self._answer(
                endpoint, body=body, model=model, script=script, delay=delay, images=len(images)
            )
        finally:
            fake.capacity.release(model)

    def _answer(
        self,
        endpoint: str,
        *,
        body: JSON,
        model: str,
        script: Script | None,
        delay: float,
        images: int,
    ) -> None:
        fake = self.server.fake
        chat = endpoint == "chat"
        if script and script.content is not None:
            content = script.content
        else:
            content = replies.default_reply(endpoint, body)
        started = time.monotonic()
        if fake._sleep(delay):
            self._hang_up()
            return
        was_loaded = fake._use(model, body.get("keep_alive"))
        pieces = split_tokens(content)
        paced = None if script else fake.capacity.seconds_for(model)
        final = _frame(chat, model, "") | {
            "done": True,
            "done_reason": script.done_reason if script else "stop",
            **_metrics(
                prompt=_prompt_tokens(endpoint, body, images),
                output=max(1, len(pieces)),
                waited_ns=int((time.monotonic() - started) * 1e9),
                was_loaded=was_loaded,
            ),
        }
        if not chat:
            final["context"] = list(range(1, 1 + min(32, final["prompt_eval_count"])))
        error = (script.error if script else None) or STREAM_ERROR
        if body.get("stream") is not False:
            gap = None if paced is None else paced / max(1, len(pieces) - 1)
            chunks = (_frame(chat, model, piece) | {"done": False} for piece in pieces)
            self._stream(chunks, final, script, error, gap=gap)
        elif script and script.stream_error_after is not None:
            if script.drop_connection:
                self._hang_up()
            else:
                self._error(script.status or 500, error)
        else:
            if paced is not None and fake._sleep(paced):
                self._hang_up()
                return
            said: dict[str, Any] = (
                {"message": {"role": "assistant", "content": content}}
                if chat
                else {"response": content}
            )
            self._json(200, final | said)


def _frame(chat: bool, model: str, piece: str) -> JSON:
    said = {"message": {"role": "assistant", "content": piece}} if chat else {"response": piece}
    return {"model": model, "created_at": timestamp(), **said}


def _all_images(endpoint: str, body: JSON) -> list[Any]:
    if endpoint == "generate":
        return list(body.get("images") or [])
    messages = body.get("messages") or []
    return [i for m in messages if isinstance(m, dict) for i in (m.get("images") or [])]


_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def _bad_base64(images: list[Any]) -> str | None:
    for image in images:
        if not isinstance(image, str):
            return "json: cannot unmarshal value into Go struct field of type api.ImageData"
        try:
            base64.b64decode(image, validate=True)
        except (binascii.Error, ValueError):
            at = next((i for i, ch in enumerate(image) if ch not in _B64), len(image))
            return f"illegal base64 data at input byte {at}"
    return None


def _prompt_tokens(endpoint: str, body: JSON, images: int) -> int:
    if endpoint == "generate":
        text = f"{body.get('system') or ''}\n{body.get('prompt') or ''}"
        return count_tokens(text) + 8 + IMAGE_TOKENS * images
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    words = sum(count_tokens(str(m.get("content") or "")) + 4 for m in messages)
    return words + IMAGE_TOKENS * images


def _metrics(*, prompt: int, output: int, waited_ns: int, was_loaded: bool) -> JSON:
    """Durations of a 7B model on a modest GPU: about 50 tokens/s, a cold load of ~2 s."""
    load = waited_ns + (15_000_000 if was_loaded else 1_800_000_000)
    prompt_eval = prompt * 400_000
    evaluation = output * 20_000_000
    return {
        "total_duration": load + prompt_eval + evaluation + 5_000_000,
        "load_duration": load,
        "prompt_eval_count": prompt,
        "prompt_eval_duration": prompt_eval,
        "eval_count": output,
        "eval_duration": evaluation,
    }
