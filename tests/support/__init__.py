"""Plain helpers the tests import by name (fixtures live in tests/fixtures.py)."""
