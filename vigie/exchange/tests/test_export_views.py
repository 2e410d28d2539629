import pytest
from django.urls import reverse

from vigie.audit.models import AuditEvent
from vigie.exchange.exports import ctdc
from vigie.exchange.tests.exports_support import PASSWORD, csv_rows, open_archive, rich_case


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def typed(kind: str, password: str = PASSWORD, again: str | None = None) -> dict[str, str]:
    return {"kind": kind, "choice": "typed", "password": password, "password_again": again or password}


@pytest.fixture
def cases(anltp, investigator):
    return [rich_case(anltp, investigator)[0] for _ in range(ctdc.K_ANONYMITY)]


def test_the_case_list_links_to_the_export_with_its_filters(client, investigator, cases):
    client.force_login(investigator)
    response = client.get(reverse("cases:list"), {"status": "open", "offence": "tip"})
    assert f"{reverse('exchange:export')}?status=open&amp;offence=tip" in response.text


def test_a_register_user_exports_htcds_with_a_typed_password(client, investigator, cases):
    client.force_login(investigator)
    response = client.post(f"{reverse('exchange:export')}?status=open", typed("htcds-xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="htcds-')
    (name,) = open_archive(download(response))
    assert name.endswith(".xlsx")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORTED, target_type="")
    assert event.changes["filters"] == {"status": "open"}
    assert event.changes["records"] == len(cases)
    # Each case's history says who took it out of vigie, when and from where, as the export's own event.
    in_cases = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED, target_type="cases.case")
    assert sorted(in_cases.values_list("target_id", flat=True)) == sorted(str(case.pk) for case in cases)
    assert {(e.actor_id, e.at, e.ip_address) for e in in_cases} == {(investigator.pk, event.at, "127.0.0.1")}


def test_the_generated_password_opens_the_archive(client, investigator, cases):
    client.force_login(investigator)
    page = client.get(reverse("exchange:export"))
    generated = page.context["generated"]
    assert generated in page.text
    assert "no-store" in page["Cache-Control"]  # "not shown again": neither from the browser's cache
    case_page = client.get(reverse("exchange:export-case", args=[cases[0].pk]))
    assert case_page.context["generated"] in case_page.text and "no-store" in case_page["Cache-Control"]
    response = client.post(
        reverse("exchange:export"), {"kind": "htcds-csv", "choice": "generated", "generated": generated}
    )
    assert len(open_archive(download(response), generated)) == 4


def test_a_short_or_mistyped_password_is_refused(client, investigator, cases):
    client.force_login(investigator)
    short = client.post(reverse("exchange:export"), typed("htcds-xlsx", "court"))
    differ = client.post(reverse("exchange:export"), typed("htcds-xlsx", PASSWORD, PASSWORD + "!"))
    assert "au moins 12 caractères" in short.text
    assert "Les deux mots de passe diffèrent." in differ.text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_an_analyst_is_offered_only_the_anonymous_records(client, analyst, cases):
    client.force_login(analyst)
    page = client.get(reverse("exchange:export"))
    assert [value for value, _ in page.context["form"].fields["kind"].choices] == ["ctdc-csv"]
    refused = client.post(reverse("exchange:export"), typed("htcds-xlsx"))
    assert refused["Content-Type"].startswith("text/html")  # the form again, with the error: no file
    assert "htcds-xlsx" in refused.context["form"].errors["kind"][0]
    response = client.post(reverse("exchange:export"), {"kind": "ctdc-csv", "choice": "typed"})
    rows = csv_rows(download(response))
    assert len(rows) == ctdc.K_ANONYMITY
    assert "Kouyat" not in str(rows)


def test_an_analyst_is_offered_no_name_search_and_one_in_the_link_is_refused(client, analyst, cases):
    client.force_login(analyst)
    assert "q" not in client.get(reverse("exchange:export")).context["filter_form"].fields

    refused = client.post(f"{reverse('exchange:export')}?q=Kouyat", {"kind": "ctdc-csv", "choice": "typed"})

    assert refused.status_code == 400 and refused["Content-Type"].startswith("text/html")
    assert "réservée à ceux qui peuvent voir les noms du registre" in refused.text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()


def test_the_case_page_links_to_its_json_export(client, investigator, cases):
    client.force_login(investigator)
    page = client.get(reverse("cases:detail", args=[cases[0].pk]))
    assert reverse("exchange:export-case", args=[cases[0].pk]) in page.text


def test_a_case_is_exported_as_json_in_an_archive(client, investigator, cases):
    client.force_login(investigator)
    response = client.post(reverse("exchange:export-case", args=[cases[0].pk]), typed(""))
    (name,) = open_archive(download(response))
    assert name == f"{cases[0].reference}.json"


def test_a_clerk_cannot_export_another_agencys_case(client, naptip, outsider, clerk):
    other, _, _ = rich_case(naptip, outsider)
    client.force_login(clerk)
    assert client.post(reverse("exchange:export-case", args=[other.pk]), typed("")).status_code == 404
    response = client.post(reverse("exchange:export"), typed("htcds-csv"))
    (main, *_) = sorted(open_archive(download(response)).items(), key=lambda item: len(item[0]))
    assert csv_rows(main[1]) == []


def test_the_export_page_speaks_french_and_english(client, investigator):
    client.force_login(investigator)
    assert "<h1>Exporter des dossiers</h1>" in client.get(reverse("exchange:export")).text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "<h1>Export cases</h1>" in client.get(reverse("exchange:export")).text


def test_the_export_page_says_the_ctdc_file_is_k_anonymised(client, analyst):
    """An analyst of a small agency gets an empty CTDC file: the page says why before they ask for it."""
    client.force_login(analyst)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(reverse("exchange:export")).text
    assert f"a victim's record is written only when at least {ctdc.K_ANONYMITY} records share" in text


def test_nothing_is_exported_while_a_filter_is_wrong(client, investigator, cases):
    # One wrong filter used to drop them all: the file held every case the user may see.
    client.force_login(investigator)
    url = f"{reverse('exchange:export')}?status=open&opened_from=31/02/2021"
    page = client.get(url)
    assert "Corrigez les filtres" in page.text
    refused = client.post(url, typed("htcds-xlsx"))
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("text/html")
    assert "opened_from" in refused.context["filter_form"].errors
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORTED).exists()
