"""Who may do what: the only place that reads a membership's role.

Roles are attached to a membership of one agency. A user sees the cases of the agencies they belong to
and the cases shared with those agencies; what they may do with a case depends on the role they hold in
the agency through which they see it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vigie.accounts.models import Membership

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from vigie.accounts.models import User

Role = Membership.Role

# Roles that work on named records: they see names, contacts, documents and narratives.
REGISTER_ROLES = frozenset({Role.DATA_CLERK, Role.INVESTIGATOR, Role.PROSECUTOR, Role.CASE_WORKER, Role.AGENCY_ADMIN})
# Deleting a record loses evidence: data clerks may correct but not delete.
DELETING_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.AGENCY_ADMIN})
# Moving a case along its life cycle and sharing it are decisions, not data entry.
DECIDING_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.AGENCY_ADMIN})
# Formally identifying a victim opens rights (assistance, residence, non-punishment): it is confirmed by a
# second person who holds one of these roles in the lead agency, never by a data clerk.
IDENTIFYING_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.CASE_WORKER, Role.AGENCY_ADMIN})
# Roles that see aggregates only, never a person.
AGGREGATE_ONLY_ROLES = frozenset({Role.ANALYST, Role.NATIONAL_COORDINATOR, Role.SYSTEM_ADMIN})
AUDIT_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN})
# Need to know inside a case: the investigation and the courts are for the police and the prosecution,
# the victims' assistance (needs, care, referrals) for those who give it. Data clerks enter both.
INVESTIGATION_ROLES = frozenset({Role.DATA_CLERK, Role.INVESTIGATOR, Role.PROSECUTOR, Role.AGENCY_ADMIN})
ASSISTANCE_ROLES = frozenset({Role.DATA_CLERK, Role.CASE_WORKER, Role.AGENCY_ADMIN})
INVESTIGATION_DELETING_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.AGENCY_ADMIN})
ASSISTANCE_DELETING_ROLES = frozenset({Role.CASE_WORKER, Role.AGENCY_ADMIN})
# Who follows a person under an assistance plan they drew up (a data clerk only types it in).
PLAN_CASE_WORKER_ROLES = frozenset({Role.CASE_WORKER, Role.AGENCY_ADMIN})
# Those who follow a case in court (hearings, deadlines of requests abroad): the lead agency's
# prosecutors and investigators.
COURT_FOLLOW_UP_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR})
# The court items no one is named for also wait for the agency's administrator, who oversees the cases.
COURT_ITEM_ROLES = COURT_FOLLOW_UP_ROLES | {Role.AGENCY_ADMIN}
PROSECUTOR_ROLES = frozenset({Role.PROSECUTOR})
# Who may lead an investigation of their agency, and whose worklist shows one left without a lead.
LEADING_INVESTIGATION_ROLES = frozenset({Role.INVESTIGATOR, Role.PROSECUTOR, Role.AGENCY_ADMIN})
INVESTIGATOR_ROLES = frozenset({Role.INVESTIGATOR})


@dataclass(frozen=True)
class Grant:
    agency_id: int
    country_id: str
    role: str


def grants(user: "User | Any") -> list[Grant]:
    """The user's memberships, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, "_vigie_grants", None)
    if cached is None:
        cached = [
            Grant(agency_id=m.agency_id, country_id=m.agency.country_id, role=m.role)
            for m in user.memberships.select_related("agency")
        ]
        setattr(user, "_vigie_grants", cached)  # noqa: B010 - a per-request cache, not a model field
    return cached


def agencies_with(user: "User | Any", roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {g.agency_id for g in grants(user) if g.role in wanted}


def agencies_following_courts(user: "User | Any") -> set[int]:
    """Agencies whose cases' hearings and cooperation deadlines wait for this user (unless a record names
    someone else): investigators, prosecutors and the agency's administrator."""
    return agencies_with(user, COURT_ITEM_ROLES)


def has_any_role(user: "User | Any", roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(g.role in wanted for g in grants(user))


def can_use_register(user: "User | Any") -> bool:
    return has_any_role(user, REGISTER_ROLES)


def home_page_name(user: "User | Any") -> str:
    """Where a user works: their cases, the statistics for roles that see aggregates only, or, for someone
    whose memberships have all ended, their own account page (which says they have no role)."""
    if not grants(user):
        return "accounts:me"
    return "cases:list" if can_use_register(user) else "analytics:overview"


def can_view_statistics(user: "User | Any") -> bool:
    return has_any_role(user, AGGREGATE_ONLY_ROLES | REGISTER_ROLES)


def agencies_setting_alerts(user: "User | Any") -> set[int]:
    """Agencies whose alert delays the user sets: those they administer."""
    return agencies_with(user, {Role.AGENCY_ADMIN})


def can_read_audit(user: "User | Any") -> bool:
    return has_any_role(user, AUDIT_ROLES)


def audit_scope_is_everything(user: "User | Any") -> bool:
    return has_any_role(user, {Role.SYSTEM_ADMIN})


def coordinated_countries(user: "User | Any") -> set[str]:
    return {g.country_id for g in grants(user) if g.role == Role.NATIONAL_COORDINATOR}


def roles_through(user: "User | Any", agency_ids: Iterable[int]) -> set[str]:
    """The roles the user holds in any of these agencies."""
    ids = set(agency_ids)
    return {g.role for g in grants(user) if g.agency_id in ids}


# Referrals and the directory of service providers ------------------------------------------------


def can_see_provider_directory(user: "User | Any") -> bool:
    """Every register role: the directory names no victim, but a shelter's address must stay protected."""
    return has_any_role(user, REGISTER_ROLES)


def can_maintain_provider(user: "User | Any", maintaining_agency_id: int) -> bool:
    """A directory entry is kept up to date by the assistance roles of the agency that maintains it."""
    return bool(roles_through(user, {maintaining_agency_id}) & ASSISTANCE_ROLES)


def provider_maintaining_agencies(user: "User | Any") -> set[int]:
    """Agencies in which the user may add entries to the directory."""
    return agencies_with(user, ASSISTANCE_ROLES)


# Child protection: a best-interests decision is taken by a trained case worker or the agency's head,
# not by a data clerk entering what someone else decided.
BEST_INTERESTS_ROLES = frozenset({Role.CASE_WORKER, Role.AGENCY_ADMIN})


def can_decide_best_interests(user: "User | Any", lead_agency_id: int) -> bool:
    return bool(roles_through(user, {lead_agency_id}) & BEST_INTERESTS_ROLES)


def referral_receiving_agencies(user: "User | Any") -> set[int]:
    """Agencies whose incoming referrals the user answers: their assistance roles."""
    return agencies_with(user, ASSISTANCE_ROLES)


def can_answer_referral(user: "User | Any", receiving_agency_id: int | None) -> bool:
    return receiving_agency_id is not None and bool(roles_through(user, {receiving_agency_id}) & ASSISTANCE_ROLES)


def can_withdraw_referral(user: "User | Any", referring_agency_id: int) -> bool:
    """The referring side withdraws: the assistance roles of the agency that sent the referral."""
    return bool(roles_through(user, {referring_agency_id}) & ASSISTANCE_ROLES)


def may_lead_investigation_in(user: "User | Any", agency_id: int) -> bool:
    return bool(roles_through(user, {agency_id}) & LEADING_INVESTIGATION_ROLES)


def may_prosecute_in(user: "User | Any", agency_id: int) -> bool:
    return bool(roles_through(user, {agency_id}) & PROSECUTOR_ROLES)


def possible_prosecutors(agency_id: int) -> "QuerySet[User]":
    """Prosecutors of the agency, one of whom may be in charge of a round before a court."""
    from vigie.accounts.models import User

    return User.objects.filter(
        is_active=True, memberships__agency_id=agency_id, memberships__role__in=PROSECUTOR_ROLES
    ).order_by("last_name", "first_name", "username")


def possible_lead_investigators(agency_id: int) -> "QuerySet[User]":
    """Users of the agency who may lead one of its investigations."""
    from vigie.accounts.models import User

    return User.objects.filter(
        is_active=True, memberships__agency_id=agency_id, memberships__role__in=LEADING_INVESTIGATION_ROLES
    ).order_by("last_name", "first_name", "username")


def investigator_agencies(user: "User | Any") -> set[int]:
    """Agencies in which the user is an investigator: unassigned investigations there wait for them."""
    return agencies_with(user, INVESTIGATOR_ROLES)


# Training for officers: invented scenarios, no victim data, so every member of an agency may train; an
# agency's administrator follows the scores of its members.
def can_train(user: "User | Any") -> bool:
    return bool(grants(user))


def agencies_reviewing_training(user: "User | Any") -> set[int]:
    """Agencies whose members' training scores the user may read: those they administer."""
    return agencies_with(user, {Role.AGENCY_ADMIN})


# Agencies and their members ----------------------------------------------------------------------

# Roles with a reach beyond one agency: only a system administrator grants them.
ROLES_GRANTED_BY_SYSTEM_ADMIN = frozenset({Role.SYSTEM_ADMIN, Role.NATIONAL_COORDINATOR})


def is_system_admin(user: "User | Any") -> bool:
    return has_any_role(user, {Role.SYSTEM_ADMIN})


def can_manage_agencies(user: "User | Any") -> bool:
    """Create agencies and edit their names and kinds: system administrators."""
    return is_system_admin(user)


def can_manage_members_somewhere(user: "User | Any") -> bool:
    return has_any_role(user, {Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN})


def agencies_managing_members(user: "User | Any") -> set[int] | None:
    """Agencies whose members the user manages: their own as administrator, or None for every agency."""
    if is_system_admin(user):
        return None
    return agencies_with(user, {Role.AGENCY_ADMIN})


def can_manage_members(user: "User | Any", agency_id: int) -> bool:
    managed = agencies_managing_members(user)
    return managed is None or agency_id in managed


def grantable_roles(user: "User | Any", agency_id: int) -> set[str]:
    """The roles the user may give, take away or change in this agency."""
    if is_system_admin(user):
        return set(Role.values)
    if agency_id in agencies_with(user, {Role.AGENCY_ADMIN}):
        return set(Role.values) - ROLES_GRANTED_BY_SYSTEM_ADMIN
    return set()


def can_manage_account_of(user: "User | Any", member: "User", agency_id: int) -> bool:
    """Deactivate, reactivate or set a one-time password: whoever controls the password controls every
    membership, so an agency administrator may do it only for someone who belongs to their agency alone
    and holds a role they could have given. A fellow administrator is left to the system administrators: an
    administrator who could set a peer's password could act, and be audited, under the peer's name."""
    if is_system_admin(user):
        return True
    roles_by_agency = {(m.agency_id, m.role) for m in member.memberships.all()}
    allowed = grantable_roles(user, agency_id) - {Role.AGENCY_ADMIN}
    return bool(roles_by_agency) and all(a == agency_id and r in allowed for a, r in roles_by_agency)


# Imports from files -------------------------------------------------------------------------------

# Importing into a register writes the file's confirmed victim identifications in the name of the person
# who imports (vigie/exchange/htcds/writing.py): the roles that confirm identifications, never a data clerk.
REGISTER_IMPORT_ROLES = IDENTIFYING_ROLES
# Preparing such a file (mapping its columns, uploading and checking it, reading its rejected rows and
# correcting them, giving it up) is the clerical work data clerks do all day with the agency's backlog;
# the import itself is then confirmed by one of the roles above, who answers for the identifications
# (the two-person rule of vigie's decisions). Aggregate-only roles never see a register's file.
REGISTER_PREPARE_ROLES = IDENTIFYING_ROLES | {Role.DATA_CLERK}
# Anonymous statistical data sets (CTDC, UNODC) feed every agency's statistics: loaded by those who work
# on aggregates. An agency's administrator runs an agency, not the national figures, and is left out.
DATASET_IMPORT_ROLES = frozenset({Role.ANALYST, Role.NATIONAL_COORDINATOR, Role.SYSTEM_ADMIN})


def register_import_agencies(user: "User | Any") -> set[int]:
    """Agencies into whose register the user may import files (confirm the import of a checked file)."""
    return agencies_with(user, REGISTER_IMPORT_ROLES)


def register_prepare_agencies(user: "User | Any") -> set[int]:
    """Agencies whose files for the register the user may map, upload and check (and see in full)."""
    return agencies_with(user, REGISTER_PREPARE_ROLES)


def can_confirm_import(user: "User | Any", agency_id: int | None) -> bool:
    """Confirming a checked file imports it: into a register, by the roles that confirm identifications."""
    if agency_id is None:
        return can_import_datasets(user)
    return agency_id in register_import_agencies(user)


def can_import_datasets(user: "User | Any") -> bool:
    return has_any_role(user, DATASET_IMPORT_ROLES)


def can_import(user: "User | Any") -> bool:
    """Offered the import pages: to prepare files for a register, or to import data sets."""
    return bool(register_prepare_agencies(user)) or can_import_datasets(user)


def can_list_all_imports(user: "User | Any") -> bool:
    """A system administrator sees every import in the list (counts, not the rows of a register's file)."""
    return is_system_admin(user)


def can_see_import_rows(user: "User | Any", agency_id: int | None) -> bool:
    """The rows of an import (preview, rejected values, rejects file): a register's file to those who may
    prepare files for that agency; an anonymous data set's file to those who import data sets."""
    if agency_id is None:
        return can_import_datasets(user)
    return agency_id in register_prepare_agencies(user)


def agencies_importing_into_register(user: "User | Any") -> set[int]:
    """Agencies whose register this user may bring files into (prepare and check them; confirming is
    can_confirm_import), and whose spreadsheet mappings they keep."""
    return register_prepare_agencies(user)
