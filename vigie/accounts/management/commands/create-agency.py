from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigie.accounts.models import Agency
from vigie.accounts.services import create_agency


class Command(BaseCommand):
    help = "Create an agency: vigie create-agency NE ANLTP 'Agence nationale …' --kind national_authority"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", help="ISO 3166 alpha-2 code, e.g. NE")
        parser.add_argument("code", help="short capitals used in case references, e.g. ANLTP")
        parser.add_argument("name")
        parser.add_argument("--kind", required=True, choices=Agency.Kind.values)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            agency = create_agency(
                actor=None,
                code=options["code"],
                name=options["name"],
                country_id=options["country"].upper(),
                kind=options["kind"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {agency} (id {agency.pk})"))
