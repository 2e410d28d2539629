from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.cases import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path("cases/", login_not_required(by_method(get=apis.CaseListApi, post=apis.CaseOpenApi)), name="case-list"),
    path(
        "cases/<int:case_id>/",
        login_not_required(by_method(get=apis.CaseDetailApi, patch=apis.CaseUpdateApi, delete=apis.CaseDeleteApi)),
        name="case-detail",
    ),
    path("cases/<int:case_id>/status/", login_not_required(apis.CaseStatusApi.as_view()), name="case-status"),
    path("cases/<int:case_id>/shares/", login_not_required(apis.CaseShareApi.as_view()), name="case-shares"),
    path("cases/<int:case_id>/decisions/", login_not_required(apis.CaseDecisionsApi.as_view()), name="case-decisions"),
    path("cases/<int:case_id>/closure/", login_not_required(apis.CaseClosureProposeApi.as_view()), name="case-closure"),
    path(
        "participants/<int:participant_id>/identification/",
        login_not_required(apis.IdentificationProposeApi.as_view()),
        name="participant-identification",
    ),
    path(
        "decisions/<int:decision_id>/confirm/",
        login_not_required(apis.DecisionConfirmApi.as_view()),
        name="decision-confirm",
    ),
    path(
        "decisions/<int:decision_id>/reject/",
        login_not_required(apis.DecisionRejectApi.as_view()),
        name="decision-reject",
    ),
    path(
        "decisions/<int:decision_id>/withdraw/",
        login_not_required(apis.DecisionWithdrawApi.as_view()),
        name="decision-withdraw",
    ),
    path("shares/<int:share_id>/revoke/", login_not_required(apis.ShareRevokeApi.as_view()), name="share-revoke"),
    path(
        "cases/<int:case_id>/participants/",
        login_not_required(by_method(get=apis.ParticipantListApi, post=apis.ParticipantAddApi)),
        name="case-participants",
    ),
    path(
        "participants/<int:participant_id>/",
        login_not_required(by_method(patch=apis.ParticipantUpdateApi, delete=apis.ParticipantRemoveApi)),
        name="participant-detail",
    ),
    path(
        "cases/<int:case_id>/events/",
        login_not_required(by_method(get=apis.EventListApi, post=apis.EventRecordApi)),
        name="case-events",
    ),
    path(
        "events/<int:event_id>/",
        login_not_required(by_method(patch=apis.EventUpdateApi, delete=apis.EventDeleteApi)),
        name="event-detail",
    ),
    path(
        "cases/<int:case_id>/crossings/",
        login_not_required(by_method(get=apis.CrossingListApi, post=apis.CrossingRecordApi)),
        name="case-crossings",
    ),
    path(
        "crossings/<int:crossing_id>/",
        login_not_required(by_method(patch=apis.CrossingUpdateApi, delete=apis.CrossingDeleteApi)),
        name="crossing-detail",
    ),
]
