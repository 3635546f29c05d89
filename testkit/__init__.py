"""What the tests and the benchmarks share: synthetic photos, the broker they use, a real worker
process, the steps of the cook's journey in a real Chromium, and a benchmark's own site in a
child process. (The fake Ollama they share with the demo is the package `fake_ollama`.)

Never imported by the site itself (an import-linter contract in pyproject.toml holds this).
"""
