from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vigie.assistance.demo import generate_assistance_demo
from vigie.cases.demo import PERSONS_PER_CASE, generate_demo_dataset
from vigie.investigations.demo import generate_investigations_demo


def follow_up_generators() -> list[tuple[str, Callable[..., dict[str, int]]]]:
    """What other apps add to the demo cases once the register is written: (label, generator(seed, progress))."""
    from vigie.justice.demo import generate_justice_demo
    from vigie.referrals.demo import generate_referrals_demo
    from vigie.screening.demo import generate_screening_demo

    return [
        ("Investigations", generate_investigations_demo),
        ("Prosecution and courts", generate_justice_demo),
        ("Victim screenings", generate_screening_demo),
        ("Referrals", generate_referrals_demo),
        ("Victim assistance", generate_assistance_demo),
    ]


class Command(BaseCommand):
    help = (
        "Add a reproducible demo data set to the register: agencies of the region, cases, persons, events, "
        "border crossings, shares and consents. None of it is real. The same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=2000, help="number of cases (default 2000)")
        parser.add_argument(
            "--persons", type=int, default=None, help=f"number of persons (default {PERSONS_PER_CASE} per case)"
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--batch-size", type=int, default=2000, help="cases written per transaction")
        parser.add_argument(
            "--not-a-production-register",
            action="store_true",
            help="generate even though VIGIE_DEBUG is off (e.g. a training server); never on real data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Invented cases and people must never mix with a real register's.
        if not settings.DEBUG and not options["not_a_production_register"]:
            raise CommandError(
                "VIGIE_DEBUG is off: this looks like a production register. Demo data is for demo databases; "
                "add --not-a-production-register if this one really is."
            )
        try:
            summary = generate_demo_dataset(
                cases=options["cases"],
                seed=options["seed"],
                persons=options["persons"],
                batch_size=options["batch_size"],
                progress=self.stdout.write if options["verbosity"] >= 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in summary.counts().items())
        self.stdout.write(self.style.SUCCESS(f"Demo data (seed {summary.seed}) in {summary.seconds} s: {counts}."))
        for label, generate in follow_up_generators():
            added = generate(seed=options["seed"], progress=self.stdout.write if options["verbosity"] >= 1 else None)
            counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in added.items())
            self.stdout.write(self.style.SUCCESS(f"{label}: {counts}."))
