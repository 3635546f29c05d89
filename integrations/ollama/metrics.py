"""Prometheus metrics of the model gateway (names are part of the operator contract)."""

from prometheus_client import Counter, Gauge, Histogram

_DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)

MODEL_CALL = Histogram(
    "chef_model_call_seconds",
    "Wall time of one model call",
    ["model", "purpose", "outcome"],
    buckets=_DURATION_BUCKETS,
)
MODEL_TOKENS = Counter(
    "chef_model_tokens", "Tokens reported by Ollama", ["model", "purpose", "type"]
)
BREAKER_OPEN = Gauge(
    "chef_circuit_breaker_open",
    "1 while the AI-service breaker is open",
    multiprocess_mode="mostrecent",
)
OLLAMA_UP = Gauge(
    "chef_ollama_up", "1 when Ollama answered the last probe", multiprocess_mode="mostrecent"
)
VALIDATION_FAILURES = Counter(
    "chef_validation_failures", "Model replies that failed validation", ["kind"]
)
