"""The load test: a person's journey under locust against the site as production runs it.

`make loadtest` (`python -m loadtest`) starts PostgreSQL-backed gunicorn, Celery workers on
RabbitMQ and a simulated Ollama with a GPU's capacity, all on 127.0.0.1, runs bounded phases and
writes docs/load-testing.md. Nothing of the site imports this package.
"""
