from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.investigations import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(
        "cases/<int:case_id>/investigations/",
        login_not_required(by_method(get=apis.InvestigationListApi, post=apis.InvestigationOpenApi)),
        name="case-investigations",
    ),
    path(
        "investigations/<int:investigation_id>/",
        login_not_required(
            by_method(
                get=apis.InvestigationDetailApi, patch=apis.InvestigationUpdateApi, delete=apis.InvestigationDeleteApi
            )
        ),
        name="investigation-detail",
    ),
    path(
        "investigations/<int:investigation_id>/status/",
        login_not_required(apis.InvestigationStatusApi.as_view()),
        name="investigation-status",
    ),
    path(
        "investigations/<int:investigation_id>/arrests/",
        login_not_required(by_method(get=apis.ArrestListApi, post=apis.ArrestRecordApi)),
        name="investigation-arrests",
    ),
    path(
        "arrests/<int:arrest_id>/",
        login_not_required(by_method(patch=apis.ArrestUpdateApi, delete=apis.ArrestDeleteApi)),
        name="arrest-detail",
    ),
    path(
        "investigations/<int:investigation_id>/seizures/",
        login_not_required(by_method(get=apis.SeizureListApi, post=apis.SeizureRecordApi)),
        name="investigation-seizures",
    ),
    path(
        "seizures/<int:seizure_id>/",
        login_not_required(by_method(patch=apis.SeizureUpdateApi, delete=apis.SeizureDeleteApi)),
        name="seizure-detail",
    ),
    path(
        "investigations/<int:investigation_id>/money-flows/",
        login_not_required(by_method(get=apis.MoneyFlowListApi, post=apis.MoneyFlowRecordApi)),
        name="investigation-money-flows",
    ),
    path(
        "money-flows/<int:flow_id>/",
        login_not_required(by_method(patch=apis.MoneyFlowUpdateApi, delete=apis.MoneyFlowDeleteApi)),
        name="money-flow-detail",
    ),
]
