"""A simulated Ollama server: the real REST API on a real port, with scriptable replies.

`server` holds `FakeOllama` (life cycle, scripting, what was asked, the models' state);
`transport` the HTTP server and request plumbing; `endpoints` the route table and the model
routes; `inference` chat and generate; `playback` streaming and scripted faults; `scripts` the
script and request records; `replies`, `canned_recipes`, `russian`, `schema_fit`, `tokens` and
`catalogue` what the simulated models answer and report, and `languages` which language the
prompt asks them to answer in.
"""

from .server import FakeOllama
from .server import RecordedRequest
from .server import Script

__all__ = ["FakeOllama", "RecordedRequest", "Script"]
