import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from vigie.accounts.models import Agency, Membership, User
from vigie.audit.models import AuditEvent
from vigie.cases.access import cases_visible_to
from vigie.cases.demo import generate_demo_dataset
from vigie.cases.models import Case

pytestmark = pytest.mark.django_db

Role = Membership.Role


def run_demo_users() -> dict[str, str]:
    """Run the command; return the password printed for each user."""
    out = io.StringIO()
    call_command("demo-users", stdout=out)
    header, _rule, *rows = out.getvalue().splitlines()
    assert header.split() == ["user", "role", "agency", "password"]
    assert "for a demo only" in rows.pop()
    return {row.split()[0]: row.split()[-1] for row in rows}


def test_it_creates_one_user_per_role_in_anltp():
    run_demo_users()
    anltp = Agency.objects.get(country_id="NE", code="ANLTP")
    roles = set(Membership.objects.filter(agency=anltp).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.get(username="investigator").memberships.get().role == Role.INVESTIGATOR


def test_it_creates_an_investigator_in_naptip():
    run_demo_users()
    membership = User.objects.get(username="naptip-investigator").memberships.get()
    assert (membership.agency.country_id, membership.agency.code, membership.role) == ("NG", "NAPTIP", "investigator")


def test_it_creates_a_case_worker_in_a_shelter():
    run_demo_users()
    membership = User.objects.get(username="shelter-case-worker").memberships.get()
    assert (membership.agency.code, membership.agency.kind, membership.role) == ("CAVNIA", "ngo", "case_worker")


def test_the_printed_passwords_let_each_user_log_in():
    passwords = run_demo_users()
    assert len(passwords) == len(Role.values) + 2
    for username, password in passwords.items():
        assert authenticate(username=username, password=password) == User.objects.get(username=username)


def test_each_user_gets_a_different_password():
    passwords = run_demo_users()
    assert len(set(passwords.values())) == len(passwords)


def test_it_uses_the_agencies_of_the_demo_data(anltp):
    run_demo_users()
    assert Agency.objects.filter(country_id="NE", code="ANLTP").count() == 1
    assert User.objects.get(username="investigator").memberships.get().agency == anltp


def test_running_it_again_changes_nothing():
    first = run_demo_users()
    users, memberships = User.objects.count(), Membership.objects.count()

    second = run_demo_users()

    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert set(second.values()) == {"(unchanged)"}
    assert authenticate(username="investigator", password=first["investigator"]) is not None


def test_demo_agencies_keep_their_cases_apart():
    generate_demo_dataset(cases=300, seed=1)
    run_demo_users()
    anltp_investigator = User.objects.get(username="investigator")
    naptip_investigator = User.objects.get(username="naptip-investigator")

    seen_by_anltp = cases_visible_to(anltp_investigator)
    seen_by_naptip = cases_visible_to(naptip_investigator)

    assert seen_by_anltp.exists() and seen_by_naptip.exists()
    naptip_only = Case.objects.filter(agency__code="NAPTIP").exclude(shares__agency__code="ANLTP")
    assert not seen_by_anltp.filter(pk__in=naptip_only).exists()
    assert not seen_by_naptip.filter(agency__code="ANLTP").exclude(shares__agency__code="NAPTIP").exists()


def test_it_gives_new_passwords_when_asked(db):
    call_command("demo-users", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo-users", "--reset-passwords", stdout=out)
    line = next(row for row in out.getvalue().splitlines() if row.startswith("investigator "))
    password = line.split()[-1]
    assert authenticate(username="investigator", password=password) is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET).count() == 10  # every demo user
