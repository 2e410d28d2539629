"""The legal qualification over the REST API: the same engine and the same facts as the case page."""

from typing import Any, cast

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.api import ApiAuthMixin, AuthenticatedRequest, RegisterApiMixin
from vigie.cases import services as case_services
from vigie.http import client_ip
from vigie.legal import FactsError, qualify, validate_facts
from vigie.qualification import access
from vigie.qualification.selectors import SUBJECT_ROLES, case_facts, engine_language, qualify_case_facts
from vigie.screening.selectors import evidence_for_participants


class ProblemSerializer(serializers.Serializer[Any]):
    path = serializers.CharField(help_text=_("Where in the document, e.g. subjects[0].age."))
    message = serializers.CharField()


class QualifyApi(ApiAuthMixin, APIView):
    """Any signed-in user: the facts sent are the caller's, and nothing of the register is read."""

    class OutputSerializer(serializers.Serializer[Any]):
        problems = ProblemSerializer(many=True)

    @extend_schema(
        summary="Qualify facts: vigie.facts/1 in, vigie.qualification/1 out",
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 400: OutputSerializer},
    )
    def post(self, request: AuthenticatedRequest) -> Response:
        lang = engine_language(get_language())
        problems = validate_facts(request.data, lang=lang)
        if problems:
            body = {"problems": [{"path": p.path, "message": p.message} for p in problems]}
            return Response(self.OutputSerializer(body).data, status=status.HTTP_400_BAD_REQUEST)
        # Valid facts are a JSON object.
        return Response(qualify(cast(dict[str, Any], request.data), lang=lang))


class CaseQualificationApi(RegisterApiMixin, APIView):
    class OutputSerializer(serializers.Serializer[Any]):
        class MissingFactSerializer(serializers.Serializer[Any]):
            path = serializers.CharField()
            offence = serializers.ChoiceField(choices=[("trafficking", "trafficking"), ("smuggling", "smuggling")])
            text = serializers.CharField()

        case = serializers.IntegerField()
        subjects = serializers.DictField(
            child=serializers.IntegerField(), help_text=_("The participant each subject id stands for.")
        )
        facts = serializers.JSONField(
            help_text=_("The vigie.facts/1 document built from the case, with what the latest screenings support.")
        )
        from_screening = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text=_("Per subject id, the facts taken from the latest screening, e.g. means.deception."),
        )
        qualification = serializers.JSONField(help_text=_("The vigie.qualification/1 document."))
        missing_facts = serializers.DictField(
            child=MissingFactSerializer(many=True), help_text=_("Per subject id, the unknowns that decide a finding.")
        )

    @extend_schema(
        summary="The legal qualification of a case, from its recorded facts",
        responses={200: OutputSerializer, 422: QualifyApi.OutputSerializer},
    )
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_qualification(request.user, case_id)
        # Ages, nationalities and what was done to each person: looked at like the case page, audited alike.
        case_services.record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        # The same evidence from the latest screenings as the case page.
        subjects = case.participants.filter(role__in=SUBJECT_ROLES).values_list("pk", flat=True)
        facts = case_facts(case, evidence=evidence_for_participants(subjects))
        try:
            result = qualify_case_facts(facts, lang=engine_language(get_language()))
        except FactsError as error:
            # A record the engine cannot read (a date of birth mistyped, a country it does not know): say
            # which, rather than fail; the rest of the case is still readable on its page.
            problems = [{"path": p.path, "message": p.message} for p in error.problems]
            return Response({"problems": problems}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        body = {
            "case": case.pk,
            "subjects": {sid: participant.pk for sid, participant in facts.participants.items()},
            "facts": facts.document,
            "from_screening": facts.from_screening,
            "qualification": result.document,
            "missing_facts": {
                s.result["id"]: [{"path": m.path, "offence": m.offence, "text": m.text} for m in s.missing]
                for s in result.subjects
            },
        }
        return Response(self.OutputSerializer(body).data)


class QualifyAliasApi(QualifyApi):
    schema = None  # the same operation as qualify/, listed once in the schema


class CaseQualificationAliasApi(CaseQualificationApi):
    schema = None  # the same operation as qualification/, listed once in the schema
