"""Prometheus metrics of the model gateway (names are part of the operator contract).

`host` is an Ollama host as `name:port` (`client.host_label`).
"""

from prometheus_client import Counter
from prometheus_client import Gauge
from prometheus_client import Histogram

_DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)

MODEL_CALL = Histogram(
    "chef_model_call_seconds",
    "Wall time of one model call",
    ["model", "purpose", "outcome", "host"],
    buckets=_DURATION_BUCKETS,
)
MODEL_TOKENS = Counter(
    "chef_model_tokens", "Tokens reported by Ollama", ["model", "purpose", "type"]
)
BREAKER_OPEN = Gauge(
    "chef_circuit_breaker_open",
    "1 while the circuit breaker of an Ollama host is open",
    ["host"],
    multiprocess_mode="mostrecent",
)
OLLAMA_UP = Gauge(
    "chef_ollama_up",
    "1 when the Ollama host answered the last probe",
    ["host"],
    multiprocess_mode="mostrecent",
)
VALIDATION_FAILURES = Counter(
    "chef_validation_failures", "Model replies that failed validation", ["kind"]
)
REPLIES_SALVAGED = Counter(
    "chef_model_replies_salvaged",
    "Replies read after unwrapping them locally (code fence, prose, trailing comma)",
    ["purpose", "model"],
)
REPLIES_REPAIRED = Counter(
    "chef_model_replies_repaired",
    "Replies that validated only after the model was shown its validation error",
    ["purpose", "model"],
)
