"""Kept only for the landed migration ``schema/migrations/0001_…``.

That migration imports ``schema.search.install`` at migrate time, and landed
migrations are never edited. The installer now lives in the domain,
:mod:`content_models.search.install`; nothing else may use this module.
"""

from content_models.search.install import install, uninstall

__all__ = ["install", "uninstall"]
