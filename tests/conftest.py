"""Shared pytest fixtures for the whole suite; app-specific ones live beside
their tests (``tests/<app>/conftest.py``)."""
