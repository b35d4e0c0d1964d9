"""Permission policies of the Monitor's admin."""

from wagtail.permission_policies import ModelPermissionPolicy

READ_ACTIONS = frozenset({"view"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only ``view`` is ever granted, even to superusers.

    For rows the system maintains (due dates are generated from indicator
    schedules): the admin may list and inspect them, never add, edit or delete.
    """

    def user_has_permission(self, user, action):
        return action in READ_ACTIONS and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) & READ_ACTIONS)
