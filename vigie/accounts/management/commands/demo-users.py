import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from vigie.accounts.models import Agency, Membership, User
from vigie.accounts.services import create_member, grant_membership, reset_password
from vigie.cases.demo import ensure_demo_agency

Role = Membership.Role

# (username, role, agency country, agency code, first name, last name). One user per role in Niger's
# ANLTP, an investigator of Nigeria's NAPTIP who must not see ANLTP's cases unless they are shared, and a
# case worker of a shelter in Niamey.
DEMO_USERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("data-clerk", Role.DATA_CLERK, "NE", "ANLTP", "Rakiatou", "Moumouni"),
    ("investigator", Role.INVESTIGATOR, "NE", "ANLTP", "Issoufou", "Garba"),
    ("prosecutor", Role.PROSECUTOR, "NE", "ANLTP", "Mariama", "Hamani"),
    ("case-worker", Role.CASE_WORKER, "NE", "ANLTP", "Zeinabou", "Djibo"),
    ("analyst", Role.ANALYST, "NE", "ANLTP", "Abdoulaye", "Seyni"),
    ("agency-admin", Role.AGENCY_ADMIN, "NE", "ANLTP", "Hadiza", "Laouali"),
    ("national-coordinator", Role.NATIONAL_COORDINATOR, "NE", "ANLTP", "Moussa", "Chaibou"),
    ("system-admin", Role.SYSTEM_ADMIN, "NE", "ANLTP", "Aïchatou", "Maïga"),
    ("naptip-investigator", Role.INVESTIGATOR, "NG", "NAPTIP", "Chioma", "Okafor"),
    # A shelter run by an NGO: it answers referrals and sees a case only when it is shared with it.
    ("shelter-case-worker", Role.CASE_WORKER, "NE", "CAVNIA", "Fatouma", "Idrissa"),
)
# Words a demo audience can type; the password is still drawn with `secrets`.
WORDS = (
    "baobab", "harmattan", "sahel", "kora", "djembe", "tamarin", "karite", "fleuve", "dune", "mil", "sorgho",
    "niebe", "mangue", "neem", "acacia", "oasis", "caravane", "pirogue", "savane", "lagune", "marigot", "gombo",
    "fonio", "bissap", "kola", "calebasse", "tamtam", "balafon", "griot", "ngoni", "zebu", "dromadaire",
)  # fmt: skip


def demo_password() -> str:
    return "-".join(secrets.choice(WORDS) for _i in range(3)) + f"-{secrets.randbelow(100):02d}"


class Command(BaseCommand):
    help = (
        "Create one demo user per role in Niger's ANLTP, an investigator in Nigeria's NAPTIP and a case worker "
        "of a shelter in Niamey, with demo passwords printed at the end. Running it again changes nothing. "
        "For a demo on a laptop only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give existing demo users new passwords too, so that every login can be printed",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        agencies: dict[tuple[str, str], Agency] = {}
        table: list[tuple[str, str, str, str]] = []
        for username, role, country, code, first_name, last_name in DEMO_USERS:
            agency = agencies.get((country, code)) or ensure_demo_agency(country, code)
            agencies[(country, code)] = agency
            user = User.objects.filter(username=username).first()
            if user is None:
                shown = password = demo_password()
                create_member(
                    username=username,
                    password=password,
                    agency=agency,
                    role=role,
                    first_name=first_name,
                    last_name=last_name,
                )
            elif options["reset_passwords"]:
                shown = password = demo_password()
                reset_password(actor=None, user=user, password=password)
            else:
                # An account made by an earlier run keeps its password unless --reset-passwords is given.
                shown = "(unchanged)"
            if user is not None and not user.memberships.filter(agency=agency).exists():
                grant_membership(actor=None, user=user, agency=agency, role=role)
            table.append((username, str(Role(role).label), f"{agency.country_id} {agency.code}", shown))
        self.print_table(table)

    def print_table(self, rows: list[tuple[str, str, str, str]]) -> None:
        headers = ("user", "role", "agency", "password")
        widths = [max(len(r[i]) for r in (headers, *rows)) for i in range(4)]
        for row in (headers, tuple("-" * w for w in widths), *rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(
            self.style.WARNING(
                "These passwords are for a demo only: never use these accounts on a server with real data. "
                "Run `vigie demo-users --reset-passwords` to print new ones."
            )
        )
