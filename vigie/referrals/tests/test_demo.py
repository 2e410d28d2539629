import pytest
from django.core.exceptions import ValidationError

from vigie.cases.demo import generate_demo_dataset
from vigie.people.models import Consent
from vigie.referrals.demo import generate_referrals_demo
from vigie.referrals.models import BestInterestsDecision, Referral, ServiceDelivery, ServiceProvider

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple[object, ...]]:
    return list(
        Referral.objects.order_by("case__reference", "participant__person__given_names", "proposed_at").values_list(
            "case__reference", "status", "services", "urgency", "to_provider__name", "to_agency__code", "reason"
        )
    )


def test_it_refers_a_good_share_of_victims_with_consistent_rows_and_is_deterministic():
    generate_demo_dataset(cases=150, seed=3)
    counts = generate_referrals_demo(seed=3)
    assert counts["referrals"] > 30 and ServiceProvider.objects.filter(name__contains="(dém").exists()
    statuses = list(Referral.objects.values_list("status", flat=True))
    assert statuses.count("completed") > len(statuses) / 3 and "declined" in statuses
    assert ServiceDelivery.objects.count() == counts["services delivered"] > 0
    for referral in Referral.objects.select_related("participant__person"):
        person = referral.participant.person
        day = referral.proposed_at.date()
        age = person.age_on(day)
        assert age is not None
        if age < 18:
            assert BestInterestsDecision.objects.filter(participant=referral.participant, purpose="referral").exists()
        else:
            assert Consent.objects.filter(person=person, purpose="referral", given_on__lte=day).exists()
        if referral.status in ("declined", "withdrawn"):
            assert referral.reason
    first = _fingerprint()
    Referral.objects.all().delete()
    BestInterestsDecision.objects.all().delete()
    generate_referrals_demo(seed=3)
    assert _fingerprint() == first


def test_every_demo_referral_passes_the_model_checks():
    generate_demo_dataset(cases=40, seed=5)
    generate_referrals_demo(seed=5)
    for referral in Referral.objects.all():
        try:
            referral.full_clean()
        except ValidationError as error:  # pragma: no cover - the message says which row
            pytest.fail(f"{referral.pk}: {error}")
