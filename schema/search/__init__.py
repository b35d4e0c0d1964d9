"""Kept only for the landed migration ``schema/migrations/0001_…``.

The full-text index lives in the domain, :mod:`content_models.search`; import
it from there. Nothing but that migration may use this package.
"""
