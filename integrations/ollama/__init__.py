"""The gateway to Ollama: the only package that talks to it.

`client` (the per-process client and the host's cheap questions), `breaker` (the shared circuit
breaker), `structured` (schema-constrained replies, validated and repaired once), `streaming`
(deadline and progress of a streamed reply), `recording` (what each call reports to its caller)
and `errors` (faults as codes). It knows nothing of jobs, rows or people's words.
"""
