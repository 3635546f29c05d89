#!/bin/sh
# Prepares what every role needs, then runs the given command (gunicorn, celery, manage.py ...)
# as PID 1's child so that SIGTERM reaches it: gunicorn and Celery both shut down gracefully.
set -eu

# Metrics of the previous run must not be added to this one (prometheus_client multiprocess mode).
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
    find "$PROMETHEUS_MULTIPROC_DIR" -mindepth 1 -delete
fi

if [ -n "${MEDIA_ROOT:-}" ] && [ ! -w "$MEDIA_ROOT" ]; then
    echo "entrypoint: MEDIA_ROOT=$MEDIA_ROOT is not writable by uid $(id -u); uploads will fail" >&2
fi

exec "$@"
