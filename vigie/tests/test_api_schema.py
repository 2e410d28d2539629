from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from vigie.api import SchemaGeneratorOncePerLanguage


def test_the_schema_is_generated_once_per_language(clerk, monkeypatch):
    generated_in = []
    generate = SchemaGenerator.get_schema

    def counting_generate(self, request=None, public=False):
        generated_in.append(request.LANGUAGE_CODE)
        return generate(self, request=request, public=public)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting_generate)
    monkeypatch.setattr(SchemaGeneratorOncePerLanguage, "generated", {})
    client = APIClient()
    client.force_login(clerk)

    english = [client.get(reverse("api-schema"), {"format": "json"}, headers={"accept-language": "en"}) for _ in "12"]
    french = client.get(reverse("api-schema"), {"format": "json"}, headers={"accept-language": "fr"})

    assert [response.status_code for response in [*english, french]] == [200, 200, 200]
    assert english[0].json() == english[1].json()
    assert french.json() != english[0].json()  # the descriptions are translated
    assert generated_in == ["en", "fr"]
