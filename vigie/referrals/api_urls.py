from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.referrals import apis

TRANSITIONS = ("accept", "decline", "start", "complete", "withdraw")

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(
        "providers/",
        login_not_required(by_method(get=apis.ProviderListApi, post=apis.ProviderAddApi)),
        name="provider-list",
    ),
    path(
        "providers/<int:provider_id>/",
        login_not_required(by_method(get=apis.ProviderDetailApi, patch=apis.ProviderUpdateApi)),
        name="provider-detail",
    ),
    path(
        "providers/<int:provider_id>/deactivate/",
        login_not_required(apis.ProviderDeactivateApi.as_view()),
        name="provider-deactivate",
    ),
    path(
        "participants/<int:participant_id>/best-interests/",
        login_not_required(by_method(get=apis.BestInterestsListApi, post=apis.BestInterestsRecordApi)),
        name="participant-best-interests",
    ),
    path(
        "cases/<int:case_id>/referrals/",
        login_not_required(by_method(get=apis.ReferralListApi, post=apis.ReferralProposeApi)),
        name="case-referrals",
    ),
    path("referrals/incoming/", login_not_required(apis.IncomingReferralListApi.as_view()), name="referrals-incoming"),
    path(
        "referrals/<int:referral_id>/",
        login_not_required(
            by_method(get=apis.ReferralDetailApi, patch=apis.ReferralUpdateApi, delete=apis.ReferralDeleteApi)
        ),
        name="referral-detail",
    ),
    *[
        path(
            f"referrals/<int:referral_id>/{transition}/",
            login_not_required(apis.ReferralTransitionApi.as_view(transition=transition)),
            name=f"referral-{transition}",
        )
        for transition in TRANSITIONS
    ],
    path(
        "cases/<int:case_id>/services/",
        login_not_required(by_method(get=apis.ServiceListApi, post=apis.ServiceRecordApi)),
        name="case-services",
    ),
    path(
        "services/<int:service_id>/",
        login_not_required(by_method(patch=apis.ServiceUpdateApi, delete=apis.ServiceDeleteApi)),
        name="service-detail",
    ),
]
