import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigie.accounts.models import Agency, Membership, User
from vigie.accounts.services import create_member, grant_membership


class Command(BaseCommand):
    help = (
        "Give a user a role in an agency, creating the user (and asking for a password) if needed: "
        "vigie add-member amina.issoufou NE ANLTP investigator"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("country", help="the agency's country, e.g. NE")
        parser.add_argument("code", help="the agency's code, e.g. ANLTP")
        parser.add_argument("role", choices=Membership.Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            agency = Agency.objects.get(country_id=options["country"].upper(), code=options["code"])
        except Agency.DoesNotExist:
            raise CommandError(f"No agency {options['code']} in {options['country']}.") from None
        try:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                password = getpass.getpass("Password for the new user: ")
                validate_password(password, User(username=options["username"]))
                create_member(username=options["username"], password=password, agency=agency, role=options["role"])
            else:
                grant_membership(actor=None, user=user, agency=agency, role=options["role"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{options['username']} is {options['role']} in {agency}"))
