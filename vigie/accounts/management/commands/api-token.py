from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigie.accounts.models import User
from vigie.accounts.services import issue_api_token


class Command(BaseCommand):
    help = "Print a new API token for a user; the user's earlier token stops working."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user is named {username!r}.") from None
        self.stdout.write(issue_api_token(user=user))
