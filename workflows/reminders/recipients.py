"""Who hears about what: agencies' people and mailboxes, and lead agencies.

The rules ask about thousands of items at once, so everything here answers for
a whole set in a few queries instead of one item at a time; the semantics are
those of ``workflows.roles`` and ``workflows.scoping`` (a test keeps them equal).
"""

import functools
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from content_models.models import Action, Agency

from .. import roles


@dataclass(frozen=True)
class Recipient:
    """An e-mail address and whom it belongs to (a user, or an agency mailbox)."""

    address: str
    user_id: int | None = None
    name: str = ""


class Directory:
    """The agencies, their mailboxes, contributors and managers, read once."""

    def __init__(self):
        self.agencies = {
            row["pk"]: row
            for row in Agency.objects.values("pk", "code", "name", "email")
        }
        self.codes = {pk: row["code"] for pk, row in self.agencies.items()}
        self._members = {
            roles.AGENCY_CONTRIBUTORS: defaultdict(list),
            roles.LEAD_AGENCY_MANAGERS: defaultdict(list),
        }
        user_model = get_user_model()
        groups = defaultdict(set)
        for user_id, group in user_model.groups.through.objects.filter(
            group__name__in=list(self._members)
        ).values_list("user_id", "group__name"):
            groups[user_id].add(group)
        memberships = (
            Agency.members.through.objects.filter(
                user_id__in=list(groups), user__is_active=True
            )
            .exclude(user__email="")
            .values_list(
                "agency_id",
                "user_id",
                "user__email",
                "user__first_name",
                "user__last_name",
                "user__username",
            )
            .order_by("user__username", "agency_id")
        )
        for agency_id, user_id, email, first, last, username in memberships:
            recipient = Recipient(
                address=email.strip().lower(),
                user_id=user_id,
                name=f"{first} {last}".strip() or username,
            )
            for group in groups[user_id]:
                self._members[group][agency_id].append(recipient)

    def code(self, agency_id) -> str:
        return self.codes.get(agency_id, "")

    def mailbox(self, agency_id) -> Recipient | None:
        agency = self.agencies.get(agency_id)
        if not agency or not agency["email"]:
            return None
        return Recipient(
            address=agency["email"].strip().lower(),
            name=str(agency["name"]),
        )

    def contributors(self, agency_id) -> list[Recipient]:
        """Active members of the agency in the "Agency contributors" group."""
        return self._members[roles.AGENCY_CONTRIBUTORS].get(agency_id, [])

    def managers(self, agency_id) -> list[Recipient]:
        """Active members of the agency in the "Lead agency managers" group."""
        return self._members[roles.LEAD_AGENCY_MANAGERS].get(agency_id, [])

    @functools.cache  # noqa: B019 - one directory per run
    def agency_people(self, agency_id) -> list[Recipient]:
        """Who is prompted for an agency's reports: contributors and mailbox."""
        mailbox = self.mailbox(agency_id)
        return _unique([*self.contributors(agency_id), *([mailbox] if mailbox else [])])

    @functools.cache  # noqa: B019 - one directory per run
    def lead_agency(self, agency_id, *, mailbox: bool) -> list[Recipient]:
        """A lead agency's managers, and its mailbox when ``mailbox``."""
        extra = self.mailbox(agency_id) if mailbox else None
        return _unique([*self.managers(agency_id), *([extra] if extra else [])])


def _unique(recipients):
    seen, result = set(), []
    for recipient in recipients:
        if recipient.address not in seen:
            seen.add(recipient.address)
            result.append(recipient)
    return result


def responsible_agency_ids(rows) -> dict[int, set[int]]:
    """Due date pk → the agencies responsible for reporting on it.

    The indicator's responsible agency; otherwise (no indicator, or none set)
    the action's responsible agencies, or its lead agency when it has none.
    ``rows`` are value dicts of due dates (pk, action_id,
    action__lead_agency_id, indicator__responsible_agency_id).
    """
    inheriting = {
        row["action_id"] for row in rows if not row["indicator__responsible_agency_id"]
    }
    by_action = defaultdict(set)
    if inheriting:
        through = Action.responsible_agencies.through.objects
        for action_id, agency_id in through.filter(
            action_id__in=sorted(inheriting)
        ).values_list("action_id", "agency_id"):
            by_action[action_id].add(agency_id)
    result = {}
    for row in rows:
        own = row["indicator__responsible_agency_id"]
        if own:
            result[row["pk"]] = {own}
        else:
            lead = row["action__lead_agency_id"]
            result[row["pk"]] = by_action.get(row["action_id"]) or (
                {lead} if lead else set()
            )
    return result


def lead_agency_ids_of_actions(action_ids) -> dict[int, set[int]]:
    """Action pk → the agencies leading the bodies it answers to.

    ``scoping.lead_agency_ids_of`` for many actions at once: the lead agencies
    of the bodies of its recommendations, or the action's own lead agency
    when none of them has one.
    """
    action_ids = sorted(set(action_ids))
    result = defaultdict(set)
    through = Action.recommendations.through.objects
    for action_id, agency_id in (
        through.filter(action_id__in=action_ids)
        .exclude(recommendation__cycle__body__lead_agency__isnull=True)
        .values_list("action_id", "recommendation__cycle__body__lead_agency_id")
        .distinct()
    ):
        result[action_id].add(agency_id)
    alone = [pk for pk in action_ids if not result.get(pk)]
    for action_id, lead in Action.objects.filter(pk__in=alone).values_list(
        "pk", "lead_agency_id"
    ):
        if lead:
            result[action_id] = {lead}
    return dict(result)
