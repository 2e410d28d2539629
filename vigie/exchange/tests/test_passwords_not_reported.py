"""Archive passwords typed on the import and export pages are masked in Django's error reports (the e-mail
sent to ADMINS on a server error, which lists the POST data)."""

import pytest
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

pytestmark = pytest.mark.django_db
TYPED = "un mot de passe bien long"


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("exchange:import-new", ["password"]),
        ("exchange:export", ["generated", "password", "password_again"]),
    ],
)
def test_the_password_fields_are_masked_in_error_reports(client, investigator, url, fields):
    client.force_login(investigator)

    response = client.post(reverse(url), dict.fromkeys(fields, TYPED))

    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert [reported[name] for name in fields] == [SafeExceptionReporterFilter.cleansed_substitute] * len(fields)
