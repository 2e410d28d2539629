from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.justice import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(
        "cases/<int:case_id>/proceedings/",
        login_not_required(by_method(get=apis.ProceedingListApi, post=apis.ProceedingOpenApi)),
        name="case-proceedings",
    ),
    path(
        "proceedings/<int:proceeding_id>/",
        login_not_required(
            by_method(get=apis.ProceedingDetailApi, patch=apis.ProceedingUpdateApi, delete=apis.ProceedingDeleteApi)
        ),
        name="proceeding-detail",
    ),
    path(
        "proceedings/<int:proceeding_id>/status/",
        login_not_required(apis.ProceedingStatusApi.as_view()),
        name="proceeding-status",
    ),
    path(
        "cases/<int:case_id>/charges/",
        login_not_required(by_method(get=apis.ChargeListApi, post=apis.ChargeBringApi)),
        name="case-charges",
    ),
    path(
        "charges/<int:charge_id>/",
        login_not_required(
            by_method(get=apis.ChargeDetailApi, patch=apis.ChargeUpdateApi, delete=apis.ChargeDeleteApi)
        ),
        name="charge-detail",
    ),
    path(
        "cases/<int:case_id>/hearings/",
        login_not_required(by_method(get=apis.HearingListApi, post=apis.HearingRecordApi)),
        name="case-hearings",
    ),
    path(
        "hearings/<int:hearing_id>/",
        login_not_required(
            by_method(get=apis.HearingDetailApi, patch=apis.HearingUpdateApi, delete=apis.HearingDeleteApi)
        ),
        name="hearing-detail",
    ),
    path(
        "cases/<int:case_id>/verdicts/",
        login_not_required(by_method(get=apis.VerdictListApi, post=apis.VerdictRecordApi)),
        name="case-verdicts",
    ),
    path(
        "verdicts/<int:verdict_id>/",
        login_not_required(
            by_method(get=apis.VerdictDetailApi, patch=apis.VerdictUpdateApi, delete=apis.VerdictDeleteApi)
        ),
        name="verdict-detail",
    ),
    path(
        "verdicts/<int:verdict_id>/sentence/",
        login_not_required(apis.SentenceRecordApi.as_view()),
        name="verdict-sentence",
    ),
    path(
        "cases/<int:case_id>/cooperation-requests/",
        login_not_required(by_method(get=apis.RequestListApi, post=apis.RequestRecordApi)),
        name="case-cooperation-requests",
    ),
    path(
        "cooperation-requests/<int:request_id>/",
        login_not_required(
            by_method(get=apis.RequestDetailApi, patch=apis.RequestUpdateApi, delete=apis.RequestDeleteApi)
        ),
        name="cooperation-request-detail",
    ),
    path(
        "cooperation-requests/<int:request_id>/status/",
        login_not_required(apis.RequestStatusApi.as_view()),
        name="cooperation-request-status",
    ),
]
