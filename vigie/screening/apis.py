"""The REST API of screenings: the same access rules, services, proposals and audit as the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.api import AuthenticatedRequest, ChangeSerializer, RegisterApiMixin
from vigie.http import client_ip
from vigie.screening import access, selectors, services
from vigie.screening.evidence import ProposedReferral, ProposedStatus, evidence_from_answers
from vigie.screening.indicators import Indicator
from vigie.screening.models import Screening, ScreeningAnswer

PROPOSED_STATUSES = [(s.value, s.value) for s in ProposedStatus]
PROPOSED_REFERRALS = [(r.value, r.value) for r in ProposedReferral]


class AnswerSerializer(serializers.Serializer[Any]):
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    answer = serializers.ChoiceField(choices=ScreeningAnswer.Value.choices)
    note = serializers.CharField(allow_blank=True, default="")


class AnswerListField(serializers.ListField):
    child = AnswerSerializer()

    def to_internal_value(self, data: Any) -> dict[str, services.GivenAnswer]:  # type: ignore[override]
        items = super().to_internal_value(data)
        codes = [item["indicator"] for item in items]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Answer each indicator once."))
        return {item["indicator"]: services.GivenAnswer(item["answer"], item.get("note", "")) for item in items}


class EvidenceOutputSerializer(serializers.Serializer[Any]):
    acts = serializers.DictField(child=serializers.BooleanField())
    means = serializers.DictField(child=serializers.BooleanField())
    purposes = serializers.DictField(child=serializers.BooleanField())


class ProposalOutputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PROPOSED_STATUSES)
    status_reason = serializers.CharField()
    referral = serializers.ChoiceField(choices=PROPOSED_REFERRALS)
    referral_reason = serializers.CharField()
    services = serializers.ListField(child=serializers.CharField())
    child = serializers.BooleanField(allow_null=True)


class ScreeningOutputSerializer(serializers.Serializer[Screening]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    participant = serializers.IntegerField(source="participant_id")
    screened_on = serializers.DateField()
    screened_by = serializers.IntegerField(source="screened_by_id")
    place = serializers.CharField()
    language = serializers.CharField()
    interpreter_used = serializers.BooleanField()
    interpreter = serializers.CharField()
    notes = serializers.CharField()
    version = serializers.IntegerField()


class ScreeningDetailOutputSerializer(ScreeningOutputSerializer):
    answers = serializers.SerializerMethodField()
    evidence = serializers.SerializerMethodField(
        help_text=_("Keys of vigie.facts/1 that the answers support: evidence for the qualification, not a verdict.")
    )
    proposal = serializers.SerializerMethodField(help_text=_("Proposed status and referral; nothing is applied."))

    def _answers(self, screening: Screening) -> dict[str, str]:
        return {code: given.answer for code, given in services.stored_answers(screening).items()}

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, screening: Screening) -> list[dict[str, str]]:
        stored = services.stored_answers(screening)
        return [{"indicator": code, "answer": a, "note": n} for code, (a, n) in sorted(stored.items())]

    @extend_schema_field(EvidenceOutputSerializer)
    def get_evidence(self, screening: Screening) -> dict[str, Any]:
        evidence = evidence_from_answers(self._answers(screening))
        return {"acts": evidence.acts, "means": evidence.means, "purposes": evidence.purposes}

    @extend_schema_field(ProposalOutputSerializer)
    def get_proposal(self, screening: Screening) -> dict[str, Any]:
        proposal = selectors.proposal_for(screening, self._answers(screening))
        return ProposalOutputSerializer(proposal).data


class ScreeningFieldsSerializer(serializers.Serializer[Any]):
    screened_on = serializers.DateField()
    place = serializers.CharField(max_length=200, allow_blank=True, default="")
    language = serializers.CharField(max_length=100, allow_blank=True, default="")
    interpreter_used = serializers.BooleanField(default=False)
    interpreter = serializers.CharField(max_length=200, allow_blank=True, default="")
    notes = serializers.CharField(allow_blank=True, default="")
    answers = AnswerListField(help_text=_("One item per indicator answered; indicators left out are unknown."))


class ParticipantScreeningListApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="The screenings of a person of a case, newest first", responses=ScreeningOutputSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        participant = access.get_participant_to_screen(request.user, participant_id)
        return self.paginated_response(
            request, selectors.screenings_of_participant(participant), ScreeningOutputSerializer
        )


class ScreeningRecordApi(RegisterApiMixin, APIView):
    InputSerializer = ScreeningFieldsSerializer

    @extend_schema(
        summary="Record a screening of a person with the indicators of trafficking",
        request=InputSerializer,
        responses={201: ScreeningDetailOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        participant = access.get_participant_to_screen(request.user, participant_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening = services.record_screening(actor=request.user, participant=participant, **serializer.validated_data)
        return Response(ScreeningDetailOutputSerializer(screening).data, status=status.HTTP_201_CREATED)


class ScreeningDetailApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="A screening, its answers, the evidence and the proposals", responses=ScreeningDetailOutputSerializer
    )
    def get(self, request: AuthenticatedRequest, screening_id: int) -> Response:
        screening = access.get_screening_for_user(request.user, screening_id)
        services.record_screening_view(actor=request.user, screening=screening, ip_address=client_ip(request))
        return Response(ScreeningDetailOutputSerializer(screening).data)


class ScreeningUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ScreeningFieldsSerializer):
        """Fields left out keep their value; answers sent replace those of the same indicators only."""

    @extend_schema(summary="Correct a screening", request=InputSerializer, responses=ScreeningDetailOutputSerializer)
    def patch(self, request: AuthenticatedRequest, screening_id: int) -> Response:
        screening = access.get_screening_for_user(request.user, screening_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        names = ("screened_on", "place", "language", "interpreter_used", "interpreter", "notes")
        values = {name: data.get(name, getattr(screening, name)) for name in names}
        answers = services.stored_answers(screening) | data.get("answers", {})
        services.update_screening(
            actor=request.user, screening=screening, expected_version=data["version"], answers=answers, **values
        )
        return Response(ScreeningDetailOutputSerializer(screening).data)
