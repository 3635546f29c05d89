"""The vision model's reply schema (vision/schemas.py)."""

from __future__ import annotations

from vision.schemas import VisionReply


def test_vision_schema_accepts_the_real_reply_shape() -> None:
    reply = VisionReply.model_validate_json('{"ingredients": [{"name": "egg", "confidence": 0.9}]}')
    assert reply.ingredients[0].name == "egg"
