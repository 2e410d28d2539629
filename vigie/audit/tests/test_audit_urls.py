"""No page or endpoint changes or deletes an audit event: the audit views answer GET only."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from vigie.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def view_module(callback):
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return view.__module__


def url_patterns(patterns=None, namespace=""):
    """(full name, pattern) of every URL of the site."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, ":".join(filter(None, [namespace, pattern.namespace])))
        elif isinstance(pattern, URLPattern):
            yield ":".join(filter(None, [namespace, pattern.name])), pattern


AUDIT_URLS = sorted(name for name, pattern in url_patterns() if view_module(pattern.callback).startswith("vigie.audit"))


def test_the_audit_trail_has_pages():
    assert AUDIT_URLS


def test_every_url_of_the_site_is_looked_at():
    assert len(list(url_patterns())) > 20


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("name", AUDIT_URLS)
def test_no_audit_url_accepts_a_change(client, sysadmin, case, name, method):
    _name, pattern = next((n, p) for n, p in url_patterns() if n == name)
    url = reverse(name, kwargs=dict.fromkeys(pattern.pattern.converters, 1))
    client.force_login(sysadmin)
    events = list(AuditEvent.objects.values_list("pk", "action", "changes"))
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert list(AuditEvent.objects.values_list("pk", "action", "changes")) == events
