"""Who may do what with the AU's seats, working groups and nominations: one helper per question,
for views, services and templates."""

from partnership.access import is_kansli
from partnership.bodies import is_committee_member


def may_manage_seats(user) -> bool:
    """Propose AU seats to the partnership and elections to the AU: the kansli (§ 2.3)."""
    return is_kansli(user)


def may_initiate_group(user) -> bool:
    """Initiate a working group or expert panel: the AU's members (§ 2.2); the kansli records
    one the AU decided on at a meeting."""
    return is_kansli(user) or is_committee_member(user)


def may_agree_group(user) -> bool:
    """Record the kansli's agreement to a group (the AU initiates "i samråd med kansliet")."""
    return is_kansli(user)


def may_manage_group(user, group) -> bool:
    """Members, meetings and documents of a group: the kansli, the AU's members and the group's
    own leader (sammankallande)."""
    if is_kansli(user) or is_committee_member(user):
        return True
    return bool(user is not None and user.is_authenticated and group.members.filter(
        representative__user=user, representative__active=True, is_leader=True, left_on__isnull=True).exists())


def may_run_nominations(user) -> bool:
    """Open a round, review nominations and compile the list: only the kansli (§ 5)."""
    return is_kansli(user)
