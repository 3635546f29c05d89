"""What the tests, the demo and the benchmarks share: synthetic photos, a real worker process,
the broker they use, and the steps of the cook's journey in a real Chromium.

Never imported by the site itself (an import-linter contract in pyproject.toml holds this).
"""
