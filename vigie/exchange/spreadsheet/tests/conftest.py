import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english(client):
    """Messages are asserted in English; the French ones are tested where a test asks for them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
