from vigie.cases.demo import generate_demo_dataset
from vigie.justice.demo import generate_justice_demo
from vigie.justice.models import Charge, CooperationRequest, Proceeding, Sentence, Verdict
from vigie.justice.services import SMUGGLING_OFFENCES


def _rows():
    return (
        list(Proceeding.objects.order_by("id").values_list("case_id", "level", "opened_on", "status")),
        list(Charge.objects.order_by("id").values_list("accused_id", "offence", "law_key")),
        list(Verdict.objects.order_by("id").values_list("outcome", "reason", "decided_on")),
    )


def test_it_adds_courts_to_a_minority_of_cases_deterministically(db):
    generate_demo_dataset(cases=300, seed=7)
    counts = generate_justice_demo(seed=7)
    cases_in_court = Proceeding.objects.values("case_id").distinct().count()
    assert 0 < cases_in_court < 300 * 0.4
    assert counts["proceedings"] == Proceeding.objects.count()
    verdicts = Verdict.objects.count()
    assert 0 < verdicts < Charge.objects.count()
    assert Sentence.objects.count() == Verdict.objects.filter(outcome="convicted").count()
    assert CooperationRequest.objects.exists()
    first = _rows()
    last_case = max(case_id for case_id, *_rest in first[0])
    # Run again: the cases up to the last one with court data are left alone.
    generate_justice_demo(seed=7)
    assert Proceeding.objects.filter(case_id__lte=last_case).count() == len(first[0])
    # The same seed on the same cases gives the same rows.
    for model in (Sentence, Verdict, Charge):
        model.objects.all().delete()
    Proceeding.objects.filter(appeal_of__isnull=False).delete()
    Proceeding.objects.all().delete()
    CooperationRequest.objects.all().delete()
    generate_justice_demo(seed=7)
    again = _rows()
    assert [row[1:] for row in again[0]] == [row[1:] for row in first[0]]
    assert [row[1:] for row in again[1]] == [row[1:] for row in first[1]]
    assert again[2] == first[2]


def test_it_never_charges_a_smuggled_migrant_with_smuggling(db):
    generate_demo_dataset(cases=300, seed=3)
    generate_justice_demo(seed=3)
    for charge in Charge.objects.filter(offence__in=SMUGGLING_OFFENCES).select_related("accused"):
        roles = set(charge.case.participants.filter(person_id=charge.accused.person_id).values_list("role", flat=True))
        assert "smuggled_migrant" not in roles


def test_only_cases_referred_for_prosecution_or_judged_have_a_court_round(db):
    from vigie.cases.models import Case

    generate_demo_dataset(cases=300, seed=7)
    generate_justice_demo(seed=7)
    in_court = Case.objects.filter(proceedings__isnull=False).distinct()
    assert in_court.exists()
    assert set(in_court.values_list("status", "closure_reason")) <= {
        ("referred_for_prosecution", ""),
        ("closed", "judgment"),
    }
    judged = in_court.filter(status="closed")
    assert not judged.exclude(proceedings__status="decided").exists()
