from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from vigie.accounts.models import Agency, Membership, User
from vigie.audit.models import AuditEvent
from vigie.audit.services import record_event
from vigie.http import client_ip

Action = AuditEvent.Action


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
def grant_membership(*, actor: User | None, user: User, agency: Agency, role: str) -> Membership:
    membership = Membership(user=user, agency=agency, role=role)
    membership.full_clean()
    membership.save()
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
) -> User:
    """A new user with a role in one agency. The command that asks for a password checks it against
    Django's validators; demo and test users may have any password."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    grant_membership(actor=actor, user=user, agency=agency, role=role)
    return user


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
