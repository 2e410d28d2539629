from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.people import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path("persons/", login_not_required(apis.PersonListApi.as_view()), name="person-list"),
    path(
        "persons/<int:person_id>/",
        login_not_required(by_method(get=apis.PersonDetailApi, patch=apis.PersonUpdateApi)),
        name="person-detail",
    ),
    path(
        "persons/<int:person_id>/consents/",
        login_not_required(by_method(get=apis.ConsentListApi, post=apis.ConsentRecordApi)),
        name="person-consents",
    ),
    path(
        "consents/<int:consent_id>/withdraw/",
        login_not_required(apis.ConsentWithdrawApi.as_view()),
        name="consent-withdraw",
    ),
]
