"""Every permission decision of the importers, in one place.

Importing is for administrators and lead agency managers (the seed: lead
agencies upload their recommendations, actions and indicators): the roles that
hold ``workflows.roles.IMPORT``. On top of it, importing a kind needs ``add``
and ``change`` on its model and publishing an import needs ``publish``.
Contributors, who may add actions by hand, do not import.
"""

from content_models.models import Action, Indicator, Recommendation
from workflows.roles import IMPORT, VIEW_ALL_IMPORT_RUNS

from .models import ImportKind

MODELS = {
    ImportKind.RECOMMENDATIONS: Recommendation,
    ImportKind.ACTIONS: Action,
    ImportKind.INDICATORS: Indicator,
    ImportKind.UHRI: Recommendation,
}


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _active(user) -> bool:
    return bool(user and user.is_active and user.is_authenticated)


def can_import(user, kind: str) -> bool:
    """May ``user`` create and update objects of ``kind`` from a file?"""
    if not _active(user):
        return False
    if not user.has_perm(IMPORT):
        return False
    model = MODELS[kind]
    return user.has_perms([_perm(model, "add"), _perm(model, "change")])


def can_publish_import(user, kind: str) -> bool:
    """May ``user`` publish what an import of ``kind`` writes?"""
    return can_import(user, kind) and user.has_perm(_perm(MODELS[kind], "publish"))


def can_use_importer(user) -> bool:
    """Does the admin show ``user`` the Imports menu at all?"""
    return _active(user) and any(can_import(user, kind) for kind in MODELS)


def can_view_run(user, run) -> bool:
    """Runs are private to their user; administrators see every run."""
    if not _active(user):
        return False
    return run.user_id == user.pk or can_view_all_runs(user)


def can_view_all_runs(user) -> bool:
    return _active(user) and (user.is_superuser or user.has_perm(VIEW_ALL_IMPORT_RUNS))


def can_export(user, kind: str) -> bool:
    """May ``user`` download the admin export (drafts included) of ``kind``?"""
    if not _active(user):
        return False
    model = MODELS[kind]
    return any(
        user.has_perm(_perm(model, action)) for action in ("view", "change", "add")
    )
