"""A simulated Ollama server: the real REST API on a real port, with scriptable replies."""

from .server import FakeOllama, RecordedRequest, Script

__all__ = ["FakeOllama", "RecordedRequest", "Script"]
