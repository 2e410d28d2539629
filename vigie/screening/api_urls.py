from django.contrib.auth.decorators import login_not_required
from django.urls import path

from vigie.api import by_method
from vigie.screening import apis

# DRF authenticates API calls itself (token or session) and answers 401/403, never a login redirect.
urlpatterns = [
    path(
        "participants/<int:participant_id>/screenings/",
        login_not_required(by_method(get=apis.ParticipantScreeningListApi, post=apis.ScreeningRecordApi)),
        name="participant-screenings",
    ),
    path(
        "screenings/<int:screening_id>/",
        login_not_required(by_method(get=apis.ScreeningDetailApi, patch=apis.ScreeningUpdateApi)),
        name="screening-detail",
    ),
]
