"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py).

The referral of the matrix goes from ANLTP to the partner NGO: the partner's case worker is its receiver
(accept, decline, start, complete) and ANLTP's assistance roles are the referring side (withdraw).
"""

from typing import Any

from django.utils import timezone

from vigie.referrals.models import Referral, ServiceDelivery, ServiceProvider
from vigie.tests.matrix import API_LIST, ASSISTANCE, ASSISTANCE_DELETERS, REGISTER_LIST, MatrixRow, api, expect

CASE_PART = expect(allowed=ASSISTANCE)
API_CASE_PART = api(allowed=ASSISTANCE)
# Assistance roles of any agency: they add to the directory and answer referrals made to their agency.
ANY_ASSISTANCE_ROLE = expect(allowed=ASSISTANCE, aggregate=403, outsider=403)
# The directory entry is maintained by ANLTP: the partner NGO and NAPTIP read it but do not edit it.
MAINTAINER = expect(allowed=ASSISTANCE, outsider=403, partner=403)
RECEIVER = expect(allowed=set(), partner=200)
REFERRER = expect(allowed=ASSISTANCE, partner=403)
ASSISTANCE_DELETE = expect(allowed=ASSISTANCE_DELETERS, partner=403)

MATRIX: dict[str, MatrixRow] = {
    "referrals:directory": ("GET", {}, REGISTER_LIST),
    "referrals:provider-add": ("GET", {}, ANY_ASSISTANCE_ROLE),
    "referrals:provider-edit": ("GET", {"provider_id": "provider"}, MAINTAINER),
    "referrals:provider-deactivate": ("GET", {"provider_id": "provider"}, MAINTAINER),
    "referrals:incoming": ("GET", {}, ANY_ASSISTANCE_ROLE),
    "referrals:case": ("GET", {"case_id": "case"}, CASE_PART),
    "referrals:referral-add": ("GET", {"case_id": "case"}, CASE_PART),
    "referrals:best-interests-add": ("GET", {"case_id": "case"}, CASE_PART),
    "referrals:service-add": ("GET", {"case_id": "case"}, CASE_PART),
    "referrals:referral-detail": ("GET", {"referral_id": "referral"}, CASE_PART),
    "referrals:referral-edit": ("GET", {"referral_id": "referral"}, CASE_PART),
    "referrals:referral-delete": ("GET", {"referral_id": "referral"}, ASSISTANCE_DELETE),
    "referrals:referral-accept": ("GET", {"referral_id": "referral"}, RECEIVER),
    "referrals:referral-decline": ("GET", {"referral_id": "referral"}, RECEIVER),
    "referrals:referral-start": ("GET", {"referral_id": "referral"}, RECEIVER),
    "referrals:referral-complete": ("GET", {"referral_id": "referral"}, RECEIVER),
    "referrals:referral-withdraw": ("GET", {"referral_id": "referral"}, REFERRER),
    "referrals:service-edit": ("GET", {"service_id": "service"}, CASE_PART),
    "referrals:service-delete": ("GET", {"service_id": "service"}, ASSISTANCE_DELETE),
    "api:provider-list": ("GET", {}, API_LIST),
    "api:provider-detail": ("GET", {"provider_id": "provider"}, API_LIST),
    # An empty body: the maintaining agency's assistance roles get 400 (no version), the others 403.
    "api:provider-deactivate": (
        "POST",
        {"provider_id": "provider"},
        api(allowed=ASSISTANCE, ok=400, partner=403) | {"outsider": 403},
    ),
    "api:participant-best-interests": ("GET", {"participant_id": "victim"}, API_CASE_PART),
    "api:referrals-incoming": ("GET", {}, API_LIST),
    "api:case-referrals": ("GET", {"case_id": "case"}, API_CASE_PART),
    "api:referral-detail": ("GET", {"referral_id": "referral"}, API_CASE_PART),
    "api:referral-accept": ("POST", {"referral_id": "referral"}, api(allowed=set(), ok=400, partner=400)),
    "api:referral-decline": ("POST", {"referral_id": "referral"}, api(allowed=set(), ok=400, partner=400)),
    "api:referral-start": ("POST", {"referral_id": "referral"}, api(allowed=set(), ok=400, partner=400)),
    "api:referral-complete": ("POST", {"referral_id": "referral"}, api(allowed=set(), ok=400, partner=400)),
    "api:referral-withdraw": ("POST", {"referral_id": "referral"}, api(allowed=ASSISTANCE, ok=400, partner=403)),
    "api:case-services": ("GET", {"case_id": "case"}, API_CASE_PART),
    "api:service-detail": ("DELETE", {"service_id": "service"}, api(allowed=ASSISTANCE_DELETERS, ok=204, partner=403)),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    """A provider maintained by ANLTP, a referral of the victim to the partner NGO, and a service delivered."""
    provider = ServiceProvider.objects.create(
        name="Centre d'accueil de Niamey (démo)",
        kinds=["shelter"],
        country_id="NE",
        people_served=["women"],
        maintained_by=base["anltp"],
    )
    # Written directly: the matrix is about who may open the pages, not about the consent gate.
    referral = Referral.objects.create(
        case=base["case"],
        participant=base["victim"],
        referring_agency=base["anltp"],
        to_agency=base["ngo"],
        services=["shelter"],
        proposed_by=base["case_worker"],
        proposed_at=timezone.now(),
    )
    service = ServiceDelivery.objects.create(
        case=base["case"], participant=base["victim"], kind="shelter", started_on=timezone.localdate()
    )
    return {"provider": provider, "referral": referral, "service": service}
