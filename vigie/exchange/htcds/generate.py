"""Invented HTCDS rows, valid and reproducible, for the benchmark (`make bench`) and for tests; and files of them.

About one case in three has a second person (a perpetrator or another victim), so rows share a case number.
"""

import csv
import datetime
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from openpyxl import Workbook

from vigie.exchange.htcds.fields import FIELDS, Fate

# The template's 38 columns, in its order (with its misspelling, and its column without a name).
TEMPLATE_COLUMNS = [
    "cas_CaseOwner", "prs_Salutation", "prs_FirstName", "prs_SecondName", "con_Consent", "prs_Birthdate",
    "prs_Gender", "prs_Citizenship", "prs_Title", "prs_Email", "prs_HomePhone", "prs_MobilePhone",
    "prs_MailingCity", "prs_MailingCountry", "prs_MailingState", "prs_MailingStreet", "prs_MailingPostalCode",
    "vic_TraffickingStatus", "vic_TraffickinStatusDecisionMakingOrg", "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment", "vic_MethodsOfControl", "vic_TypeOfExploitation", "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation", "vic_LocationOfExploitation", "cas_Status", "cas_ReferringOrganisation",
    "cas_IncomingReferralDate", "cas_ReferringPrimaryCaseWorker", "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails", "cas_ReferredOrganisation", "cas_ReferredPrimaryCaseWorker", "",
    "cas_OutgoingReferralDate", "cas_OutgoingReferralDetails", "cas_ReasonForCaseClosure",
]  # fmt: skip
# Every field vigie reads, for files that carry more than the template.
ALL_COLUMNS = [f.name for f in FIELDS if f.fate != Fate.IGNORED]

GIVEN = ("Aïcha", "Fatou", "Mariam", "Kofi", "Ibrahim", "Awa", "Moussa", "Adjoa", "Chidi", "Ngozi", "Salif", "Kadiatou")
FAMILY = ("Traoré", "Diallo", "Ouédraogo", "Mensah", "Okafor", "Koné", "Sow", "Ndiaye", "Boateng", "Cissé", "Bamba")
COUNTRIES = ("NE", "NG", "ML", "BF", "CI", "GH", "SN", "TG", "BJ", "GN", "CM", "TD")
CITIES = ("Niamey", "Kano", "Bamako", "Ouagadougou", "Abidjan", "Accra", "Dakar", "Lomé", "Cotonou", "Conakry")
EXPLOITATION = ("ForcedLabour", "SexualExploitation", "ChildLabour", "ForcedBegging", "Servitude", "ForcedMarriage")
INDUSTRIES = ("A_AgricultureForestryAndFishing", "B_MiningAndQuarrying", "T_ActivitiesOfHouseholdsAsEmployers")
CONTROL = ("DebtBondage", "FalsePromises", "WithholdsDocuments", "PhysicalThreats", "TakesEarnings")
STATUSES = ("Active", "Active", "FollowUp", "Closed", "ClosedReferred")
VICTIM_STATUSES = ("PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "")
ROLES = ("RecruiterOrIntermediary", "Transporter", "Exploiter")


def _day(rng: random.Random, first: int, last: int) -> datetime.date:
    start = datetime.date(first, 1, 1)
    return start + datetime.timedelta(days=rng.randrange((datetime.date(last, 12, 31) - start).days))


def generate_htcds_rows(n: int, seed: int) -> Iterator[dict[str, str]]:
    """`n` valid rows keyed by HTCDS field name (cas_CaseNumber included), always the same for a seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    case_number = 0
    case: dict[str, str] = {}
    for _row in range(n):
        shares_case = bool(case) and rng.random() < 0.35
        if not shares_case:
            case_number += 1
            opened = _day(rng, 2015, 2024)
            status = rng.choice(STATUSES)
            case = {
                "cas_CaseNumber": f"S{seed}-{case_number:07d}",
                "cas_CaseOwner": rng.choice(("a.kone", "m.sow", "j.mensah")),
                "cas_Status": status,
                "cas_IncomingReferralDate": opened.isoformat(),
                "cas_ReferringOrganisation": rng.choice(("", "Police Niamey", "NGO Hope")),
            }
            if status == "ClosedReferred":
                case["cas_OutgoingReferralDate"] = (opened + datetime.timedelta(days=rng.randint(10, 300))).isoformat()
                case["cas_ReasonForOutgoingReferral"] = "AdditionalServicesRequired"
        row = dict(case)
        sex = rng.choice(("Feminine", "Masculine"))
        nationality = rng.choice(COUNTRIES)
        row.update(
            prs_FirstName=rng.choice(GIVEN),
            prs_SecondName=rng.choice(FAMILY),
            prs_Gender=sex,
            prs_Birthdate=_day(rng, 1975, 2010).isoformat() if rng.random() < 0.8 else str(rng.randint(1975, 2010)),
            prs_Citizenship=nationality,
            prs_MailingCity=rng.choice(CITIES),
            prs_MailingCountry=nationality,
            prs_MobilePhone=f"+227{rng.randint(90000000, 99999999)}" if rng.random() < 0.4 else "",
        )
        if shares_case and rng.random() < 0.5:
            row["per_RoleInProcess"] = rng.choice(ROLES)
            row["per_RoleDetails"] = "Collected the travellers at the bus station"
        else:
            form = rng.choice(EXPLOITATION)
            row.update(
                con_Consent=rng.choice(("TRUE", "FALSE", "")),
                vic_TraffickingStatus=rng.choice(VICTIM_STATUSES),
                vic_TraffickingStatusDecisionMakingOrg=rng.choice(("Police", "NGO", "")),
                vic_TypeOfExploitation=form,
                vic_ForcedLabourIndustry=rng.choice(INDUSTRIES) if form in ("ForcedLabour", "ChildLabour") else "",
                vic_MethodsOfControl=" ".join(rng.sample(CONTROL, rng.randint(0, 2))),
                vic_LocationOfExploitation=rng.choice(CITIES) if rng.random() < 0.5 else "",
            )
            if rng.random() < 0.3:
                row.update(
                    hte_Type="Recruitment", hte_Date=row["cas_IncomingReferralDate"][:7], hte_Country=nationality
                )
            if rng.random() < 0.2:
                row.update(spl_Type="Health", spl_Objectives="Medical check-up; school enrolment")
        yield {k: v for k, v in row.items() if v}


def write_csv(path: Path, rows: Iterable[dict[str, str]], columns: list[str], *, delimiter: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])


def write_template_xlsx(path: Path, rows: Iterable[dict[str, str]], columns: list[str]) -> None:
    """The template's layout: field names in row 1, labels in row 2, a row number in column A."""
    labels = {f.name: f.label for f in FIELDS}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.append([None, *columns])
    sheet.append([None, *(labels.get(c, "") for c in columns)])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *(row.get(c) or None for c in columns)])
    workbook.save(path)
