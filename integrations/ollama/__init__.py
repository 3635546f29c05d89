"""The gateway to Ollama: the only package that talks to it.

`client` (the per-process clients, one per host, and the hosts' cheap questions), `hosts` (which
host serves a call: the least busy one that has the model), `breaker` (a circuit breaker per
host, shared by every process), `structured` (schema-constrained replies, validated and repaired
once), `streaming` (deadline and progress of a streamed reply), `recording` (what each call
reports to its caller) and `errors` (faults as codes). It knows nothing of jobs, rows or
people's words.
"""
