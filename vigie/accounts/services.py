import secrets

from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from vigie.accounts import permissions
from vigie.accounts.models import Agency, Membership, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import diff, record_event
from vigie.concurrency import claim_for_deletion, insert_checked_unique, save_versioned
from vigie.http import client_ip

Action = AuditEvent.Action
Role = Membership.Role
# No 0/o, 1/l/i: a one-time password is often read out over the phone.
ONE_TIME_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 - characters to draw from, not a password


@transaction.atomic
def log_in(*, request: HttpRequest, user: User) -> None:
    login(request, user)
    record_event(actor=user, action=Action.LOGIN, target=user, ip_address=client_ip(request))


@transaction.atomic
def record_failed_login(*, request: HttpRequest, username: str) -> None:
    record_event(actor=None, actor_username=username[:150], action=Action.LOGIN_FAILED, ip_address=client_ip(request))


@transaction.atomic
def log_out(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        record_event(actor=user, action=Action.LOGOUT, target=user, ip_address=client_ip(request))
    logout(request)


@transaction.atomic
def create_agency(*, actor: User | None, code: str, name: str, country_id: str, kind: str) -> Agency:
    agency = Agency(code=code, name=name, country_id=country_id, kind=kind)
    agency.full_clean()
    agency.save()
    record_event(
        actor=actor,
        action=Action.AGENCY_CREATED,
        target=agency,
        target_label=str(agency),
        agency_id=agency.pk,
        changes={"code": code, "country": country_id, "kind": kind},
    )
    return agency


@transaction.atomic
def update_agency(*, actor: User, agency: Agency, name: str, kind: str, expected_version: int) -> Agency:
    before = {"name": agency.name, "kind": agency.kind}
    agency.name, agency.kind = name, kind
    agency.full_clean(validate_constraints=False)
    save_versioned(agency, expected_version=expected_version, fields=["name", "kind"])
    record_event(
        actor=actor,
        action=Action.AGENCY_UPDATED,
        target=agency,
        target_label=str(agency),
        agency_id=agency.pk,
        changes=diff(before, {"name": name, "kind": kind}),
    )
    return agency


def _check_roles_grantable(actor: User | None, agency: Agency, *roles: str) -> None:
    """The console (actor None) may give any role; on the web, only what permissions.grantable_roles allows."""
    if actor is None:
        return
    allowed = permissions.grantable_roles(actor, agency.pk)
    if not allowed:
        raise PermissionDenied
    if not set(roles) <= allowed:
        raise ValidationError(
            {
                "role": ValidationError(
                    _(
                        "Only a system administrator gives, changes or takes away the roles of system "
                        "administrator and national coordinator."
                    ),
                    code="role_given_by_system_admin",
                )
            }
        )


def _keep_an_administrator(*, actor: User | None, agency: Agency, leaving: User) -> None:
    """An agency administrator cannot leave the agency without one: nobody would manage its people.
    A system administrator can, as they can appoint the next one."""
    if actor is None or permissions.is_system_admin(actor):
        return
    # Locked, so that two administrators demoting each other at the same moment cannot both succeed.
    admins = set(
        Membership.objects.select_for_update(of=("self",))
        .filter(agency=agency, role=Role.AGENCY_ADMIN, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if leaving.pk in admins and not admins - {leaving.pk}:
        raise ValidationError(
            _(
                "%(user)s is the last administrator of this agency: give the role of agency administrator to "
                "someone else first."
            )
            % {"user": leaving.get_username()},
            code="last_administrator",
        )


@transaction.atomic
def grant_membership(*, actor: User | None, user: User, agency: Agency, role: str) -> Membership:
    _check_roles_grantable(actor, agency, role)
    message = _("%(user)s is already a member of this agency: change their role instead.")
    already = ValidationError(
        {"username": ValidationError(message % {"user": user.get_username()}, code="already_member")}
    )
    if Membership.objects.filter(user=user, agency=agency).exists():
        raise already
    membership = Membership(user=user, agency=agency, role=role)
    membership.full_clean(validate_constraints=False)
    insert_checked_unique(membership, error=already)
    record_event(
        actor=actor,
        action=Action.MEMBERSHIP_GRANTED,
        target=user,
        target_label=user.get_username(),
        agency_id=agency.pk,
        changes={"role": role},
    )
    return membership


@transaction.atomic
def create_member(
    *,
    username: str,
    password: str,
    agency: Agency,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor: User | None = None,
    must_change_password: bool = False,
) -> User:
    """A new user with a role in one agency. The command that asks for a password checks it against
    Django's validators; demo and test users may have any password."""
    _check_roles_grantable(actor, agency, role)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    record_event(
        actor=actor,
        action=Action.USER_CREATED,
        target=user,
        target_label=username,
        agency_id=agency.pk,
        changes={"first_name": first_name, "last_name": last_name, "email": email},
    )
    grant_membership(actor=actor, user=user, agency=agency, role=role)
    return user


def one_time_password() -> str:
    """Twelve random characters in three groups, e.g. k7pm-4xqa-9tre (about 59 bits)."""
    chars = "".join(secrets.choice(ONE_TIME_PASSWORD_ALPHABET) for _i in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


@transaction.atomic
def add_new_member(
    *,
    actor: User,
    agency: Agency,
    username: str,
    role: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """A new user whose first password the administrator hands over; they must change it at first login."""
    validate_password(password, User(username=username, first_name=first_name, last_name=last_name, email=email))
    return create_member(
        actor=actor,
        username=username,
        password=password,
        agency=agency,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        must_change_password=True,
    )


@transaction.atomic
def change_member_role(*, actor: User, membership: Membership, role: str, expected_version: int) -> Membership:
    old_role = membership.role
    _check_roles_grantable(actor, membership.agency, old_role, role)
    if old_role == Role.AGENCY_ADMIN and role != Role.AGENCY_ADMIN:
        _keep_an_administrator(actor=actor, agency=membership.agency, leaving=membership.user)
    membership.role = role
    membership.full_clean(validate_constraints=False)
    save_versioned(membership, expected_version=expected_version, fields=["role"])
    record_event(
        actor=actor,
        action=Action.MEMBERSHIP_ROLE_CHANGED,
        target=membership.user,
        target_label=membership.user.get_username(),
        agency_id=membership.agency_id,
        changes={"role": {"old": old_role, "new": role}},
    )
    return membership


@transaction.atomic
def end_membership(*, actor: User, membership: Membership, expected_version: int | None) -> None:
    """The user keeps their account and the audit trail keeps what they did; they lose this agency's role.
    With no membership left, they see nothing (permissions read memberships only)."""
    _check_roles_grantable(actor, membership.agency, membership.role)
    if membership.role == Role.AGENCY_ADMIN:
        _keep_an_administrator(actor=actor, agency=membership.agency, leaving=membership.user)
    claim_for_deletion(membership, expected_version=expected_version)
    record_event(
        actor=actor,
        action=Action.MEMBERSHIP_ENDED,
        target=membership.user,
        target_label=membership.user.get_username(),
        agency_id=membership.agency_id,
        changes={"role": membership.role},
    )
    membership.delete()


def _check_account_manageable(actor: User, user: User, agency: Agency) -> None:
    if not permissions.can_manage_account_of(actor, user, agency.pk):
        raise ValidationError(
            _(
                "Only a system administrator can do this for %(user)s, who also belongs to another agency or "
                "holds a role given by a system administrator."
            )
            % {"user": user.get_username()},
            code="account_managed_by_system_admin",
        )


@transaction.atomic
def set_user_active(*, actor: User, user: User, agency: Agency, active: bool) -> None:
    """Deactivating stops the user's logins, sessions and API token at once; nothing of theirs is deleted."""
    _check_account_manageable(actor, user, agency)
    # Refusing one's own deactivation also keeps the agency's last administrator: an agency administrator
    # who deactivates another is still there.
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    # Conditional: of two administrators doing the same at once, the second changes nothing and records nothing.
    if not User.objects.filter(pk=user.pk, is_active=not active).update(is_active=active):
        user.refresh_from_db(fields=["is_active"])
        return
    user.is_active = active
    record_event(
        actor=actor,
        action=Action.USER_REACTIVATED if active else Action.USER_DEACTIVATED,
        target=user,
        target_label=user.get_username(),
        agency_id=agency.pk,
    )


@transaction.atomic
def set_one_time_password(*, actor: User, user: User, agency: Agency, password: str) -> None:
    """A password the administrator hands over (a forgotten password): the user must change it at next login."""
    _check_account_manageable(actor, user, agency)
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    # A password is reset when it may have leaked: an API token issued with it must not outlive it.
    tokens_revoked, _ = Token.objects.filter(user=user).delete()
    record_event(
        actor=actor,
        action=Action.PASSWORD_RESET,
        target=user,
        target_label=user.get_username(),
        agency_id=agency.pk,
        changes={"must_change_password": True, "api_token_revoked": bool(tokens_revoked)},
    )


@transaction.atomic
def change_own_password(*, request: HttpRequest, user: User, password: str) -> None:
    """The user's own new password; their session stays valid, their other sessions end."""
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    update_session_auth_hash(request, user)
    record_event(actor=user, action=Action.PASSWORD_CHANGED, target=user, ip_address=client_ip(request))


@transaction.atomic
def reset_password(*, actor: User | None, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(actor=actor, action=Action.PASSWORD_RESET, target=user, target_label=user.get_username())


@transaction.atomic
def issue_api_token(*, user: User) -> str:
    """A new API token for the user; any earlier token stops working."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    record_event(actor=user, action=Action.TOKEN_ISSUED, target=user)
    return str(token.key)
