"""Agency-scoped permission policy for the moderated content snippets.

Registered for each content model in ``WorkflowsConfig.ready()`` (before the
snippets register, or Wagtail creates a model-only fallback policy first).
Wagtail's views, actions and menus ask it for every instance check; the
views that only check the model are closed by ``cms.admin.views``.
"""

from wagtail.permission_policies import ModelPermissionPolicy

from . import roles, scoping


class AgencyScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (from the role groups) narrowed to the user's agencies."""

    def user_has_permission(self, user, action):
        if action == "unpublish":
            action = "publish"
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and scoping.allows(
            user, self.model, _normalise(action), instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance)
            for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = self.model._default_manager.all()
        conditions = []
        for action in actions:
            if not self.user_has_permission(user, action):
                continue
            condition = scoping.scope(user, self.model, _normalise(action))
            if condition is None:
                return queryset
            conditions.append(condition)
        if not conditions:
            return queryset.none()
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return queryset.filter(combined)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.model.objects.filter(
            pk__in=[
                user.pk
                for user in users
                if self.user_has_any_permission_for_instance(user, actions, instance)
            ]
        )

    def viewable(self, user):
        """What ``user`` may see in listings, choosers and reports."""
        if roles.is_administrator(user):
            return self.model._default_manager.all()
        return self.instances_user_has_any_permission_for(
            user, ["view", "change", "publish"]
        )


def _normalise(action):
    return "publish" if action == "unpublish" else action
