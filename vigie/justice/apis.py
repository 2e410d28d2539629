"""The REST API of the prosecution and courts part of a case: the same access functions and services as
the pages. Lists per case, create, detail, correct (with the version read), delete, transitions."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts import permissions
from vigie.accounts.models import User
from vigie.api import (
    DELETE_VERSION,
    DELETED,
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    RegisterApiMixin,
    VersionField,
)
from vigie.cases.apis import CaseParticipantField
from vigie.cases.models import Case, SuspectedOffence
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.http import client_ip
from vigie.justice import access, selectors, services
from vigie.justice.models import (
    Charge,
    CooperationRequest,
    Currency,
    Hearing,
    Proceeding,
    ProtectiveMeasure,
    Sentence,
    Verdict,
)


@extend_schema_field(OpenApiTypes.INT)
class CaseProceedingField(serializers.PrimaryKeyRelatedField[Proceeding]):
    """A round of the case the request is about, by id."""

    def get_queryset(self) -> QuerySet[Proceeding]:
        case: Case = self.context["case"]
        return case.proceedings.all()


@extend_schema_field(OpenApiTypes.INT)
class CaseChargeField(serializers.PrimaryKeyRelatedField[Charge]):
    def get_queryset(self) -> QuerySet[Charge]:
        case: Case = self.context["case"]
        return case.charges.select_related("proceeding")


@extend_schema_field(OpenApiTypes.INT)
class CaseProsecutorField(serializers.PrimaryKeyRelatedField[User]):
    """A prosecutor of the case's agency, by user id."""

    def get_queryset(self) -> QuerySet[User]:
        case: Case = self.context["case"]
        return permissions.possible_prosecutors(case.agency_id)


class StatusInputSerializer(serializers.Serializer[Any]):
    version = VersionField()
    on = serializers.DateField(help_text=_("The day the status changed."))


# Proceedings --------------------------------------------------------------------------------------


class ProceedingFieldsSerializer(serializers.Serializer[Any]):
    court_name = serializers.CharField(max_length=200)
    court_country = CountryCodeField(source="court_country_id")
    level = serializers.ChoiceField(choices=Proceeding.Level.choices)
    reference = serializers.CharField(max_length=100, allow_blank=True, default="")
    opened_on = serializers.DateField()
    appeal_of = CaseProceedingField(allow_null=True, default=None, help_text=_("The round whose decision is appealed."))
    appealed_by = serializers.ChoiceField(choices=Proceeding.AppealedBy.choices, allow_blank=True, default="")
    prosecutor = CaseProsecutorField(
        allow_null=True, default=None, help_text=_("The prosecutor in charge: what waits in this round goes to them.")
    )


class ProceedingOutputSerializer(serializers.Serializer[Proceeding]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    court_name = serializers.CharField()
    court_country = serializers.CharField(source="court_country_id")
    level = serializers.ChoiceField(choices=Proceeding.Level.choices)
    reference = serializers.CharField()
    opened_on = serializers.DateField()
    appeal_of = serializers.IntegerField(source="appeal_of_id", allow_null=True)
    appealed_by = serializers.CharField()
    prosecutor = serializers.IntegerField(source="prosecutor_id", allow_null=True)
    status = serializers.ChoiceField(choices=Proceeding.Status.choices)
    status_changed_on = serializers.DateField(allow_null=True)
    transferred_to = serializers.CharField(help_text=_("The court a transferred round went to."))
    version = serializers.IntegerField()


class ProceedingListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The rounds of a case before the courts", responses=ProceedingOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        return self.paginated_response(
            request, case.proceedings.order_by("opened_on", "id"), ProceedingOutputSerializer
        )


class ProceedingOpenApi(RegisterApiMixin, APIView):
    class InputSerializer(ProceedingFieldsSerializer):
        pass

    @extend_schema(
        summary="Open a round before a court", request=InputSerializer, responses={201: ProceedingOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        proceeding = services.open_proceeding(actor=request.user, case=case, **serializer.validated_data)
        return Response(ProceedingOutputSerializer(proceeding).data, status=status.HTTP_201_CREATED)


class ProceedingDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A round before a court", responses=ProceedingOutputSerializer)
    def get(self, request: AuthenticatedRequest, proceeding_id: int) -> Response:
        return Response(ProceedingOutputSerializer(access.get_proceeding_for_user(request.user, proceeding_id)).data)


class ProceedingUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ProceedingFieldsSerializer):
        pass

    @extend_schema(summary="Correct a round", request=InputSerializer, responses=ProceedingOutputSerializer)
    def patch(self, request: AuthenticatedRequest, proceeding_id: int) -> Response:
        proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": proceeding.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_proceeding(
            actor=request.user, proceeding=proceeding, expected_version=values.pop("version"), **values
        )
        return Response(ProceedingOutputSerializer(proceeding).data)


class ProceedingDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Delete a round without charges, verdicts or appeals", responses=DELETED, parameters=[DELETE_VERSION]
    )
    def delete(self, request: AuthenticatedRequest, proceeding_id: int) -> Response:
        proceeding = access.get_proceeding_for_user(request.user, proceeding_id, delete=True)
        services.delete_proceeding(
            actor=request.user, proceeding=proceeding, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProceedingStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(StatusInputSerializer):
        status = serializers.ChoiceField(choices=Proceeding.Status.choices)
        transferred_to = serializers.CharField(
            max_length=200, allow_blank=True, default="", help_text=_("For a transfer: the court the case went to.")
        )

    @extend_schema(
        summary="Move a round along its life cycle (pending → decided, withdrawn or transferred)",
        request=InputSerializer,
        responses=ProceedingOutputSerializer,
    )
    def post(self, request: AuthenticatedRequest, proceeding_id: int) -> Response:
        proceeding = access.get_proceeding_for_user(request.user, proceeding_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_proceeding_status(
            actor=request.user, proceeding=proceeding, expected_version=values.pop("version"), **values
        )
        return Response(ProceedingOutputSerializer(proceeding).data)


# Charges ------------------------------------------------------------------------------------------


class ChargeFieldsSerializer(serializers.Serializer[Any]):
    accused = CaseParticipantField(help_text=_("The participant charged: a suspect (or a victim, with a warning)."))
    offence = serializers.ChoiceField(choices=SuspectedOffence.Offence.choices)
    law_key = serializers.CharField(
        max_length=40, allow_blank=True, default="", help_text=_("A law of the country's profile, e.g. NE-tip-2010.")
    )
    provision = serializers.CharField(max_length=300, allow_blank=True, default="")
    charged_on = serializers.DateField()
    facts_on = serializers.DateField(
        allow_null=True, default=None, help_text=_("When the facts took place; needed under a repealed law.")
    )


class ChargeOutputSerializer(serializers.Serializer[selectors.ChargeRow]):
    id = serializers.IntegerField(source="charge.pk")
    case = serializers.IntegerField(source="charge.case_id")
    proceeding = serializers.IntegerField(source="charge.proceeding_id")
    accused = serializers.IntegerField(source="charge.accused_id")
    offence = serializers.ChoiceField(source="charge.offence", choices=SuspectedOffence.Offence.choices)
    law_key = serializers.CharField(source="charge.law_key")
    provision = serializers.CharField(source="charge.provision")
    charged_on = serializers.DateField(source="charge.charged_on")
    facts_on = serializers.DateField(source="charge.facts_on", allow_null=True)
    final_outcome = serializers.SerializerMethodField(help_text=_("The outcome of the last round that decided."))
    non_punishment_warning = serializers.BooleanField(
        help_text=_("The person charged is a victim in the case: check the non-punishment principle.")
    )
    law_warning = serializers.CharField(
        help_text=_("What to check when the law charged has been repealed; empty otherwise.")
    )
    version = serializers.IntegerField(source="charge.version")

    @extend_schema_field(serializers.ChoiceField(choices=Verdict.Outcome.choices, allow_null=True))
    def get_final_outcome(self, row: selectors.ChargeRow) -> str | None:
        return row.outcome.outcome if row.outcome else None


def _charge_row(charge: Charge) -> selectors.ChargeRow:
    verdicts = list(charge.verdicts.select_related("proceeding"))
    return selectors.ChargeRow(
        charge,
        verdicts,
        selectors.final_verdict(verdicts),
        services.non_punishment_warning(charge.accused),
        services.repealed_law_warning(charge),
    )


class ChargeListApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="The charges of a case with their final outcome", responses=ChargeOutputSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        return self.paginated_response(
            request,
            selectors.charges_to_list(case),
            ChargeOutputSerializer,
            rows=lambda page: selectors.charge_rows(case, page),
        )


class ChargeBringApi(RegisterApiMixin, APIView):
    class InputSerializer(ChargeFieldsSerializer):
        proceeding = CaseProceedingField(help_text=_("The round the charge is brought in."))

    @extend_schema(summary="Bring a charge", request=InputSerializer, responses={201: ChargeOutputSerializer})
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        charge = services.bring_charge(actor=request.user, **serializer.validated_data)
        return Response(ChargeOutputSerializer(_charge_row(charge)).data, status=status.HTTP_201_CREATED)


class ChargeDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A charge", responses=ChargeOutputSerializer)
    def get(self, request: AuthenticatedRequest, charge_id: int) -> Response:
        charge = access.get_charge_for_user(request.user, charge_id)
        return Response(ChargeOutputSerializer(_charge_row(charge)).data)


class ChargeUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ChargeFieldsSerializer):
        pass

    @extend_schema(summary="Correct a charge", request=InputSerializer, responses=ChargeOutputSerializer)
    def patch(self, request: AuthenticatedRequest, charge_id: int) -> Response:
        charge = access.get_charge_for_user(request.user, charge_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": charge.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_charge(actor=request.user, charge=charge, expected_version=values.pop("version"), **values)
        return Response(ChargeOutputSerializer(_charge_row(charge)).data)


class ChargeDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a charge and its verdicts", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, charge_id: int) -> Response:
        charge = access.get_charge_for_user(request.user, charge_id, delete=True)
        services.delete_charge(actor=request.user, charge=charge, expected_version=posted_version(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Hearings -----------------------------------------------------------------------------------------


class HearingFieldsSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    time = serializers.TimeField(allow_null=True, default=None)
    purpose = serializers.ChoiceField(choices=Hearing.Purpose.choices)
    outcome = serializers.ChoiceField(choices=Hearing.Outcome.choices, allow_blank=True, default="")
    next_date = serializers.DateField(allow_null=True, default=None)
    protective_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=ProtectiveMeasure.choices), default=list
    )
    protected_persons = CaseParticipantField(many=True, required=False)
    notes = serializers.CharField(allow_blank=True, default="")


class HearingOutputSerializer(serializers.Serializer[Hearing]):
    id = serializers.IntegerField()
    proceeding = serializers.IntegerField(source="proceeding_id")
    date = serializers.DateField()
    time = serializers.TimeField(allow_null=True)
    purpose = serializers.ChoiceField(choices=Hearing.Purpose.choices)
    outcome = serializers.CharField()
    next_date = serializers.DateField(allow_null=True)
    protective_measures = serializers.ListField(child=serializers.CharField())
    protected_persons = serializers.SerializerMethodField()
    notes = serializers.CharField()
    version = serializers.IntegerField()

    def get_protected_persons(self, hearing: Hearing) -> list[int]:
        return [p.pk for p in hearing.protected_persons.all()]


class HearingListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The hearings of a case", responses=HearingOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        hearings = selectors.hearings_of(case)
        return self.paginated_response(request, hearings, HearingOutputSerializer)


class HearingRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(HearingFieldsSerializer):
        proceeding = CaseProceedingField()

    @extend_schema(summary="Record a hearing", request=InputSerializer, responses={201: HearingOutputSerializer})
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        hearing = services.record_hearing(actor=request.user, **serializer.validated_data)
        return Response(HearingOutputSerializer(hearing).data, status=status.HTTP_201_CREATED)


class HearingDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A hearing", responses=HearingOutputSerializer)
    def get(self, request: AuthenticatedRequest, hearing_id: int) -> Response:
        return Response(HearingOutputSerializer(access.get_hearing_for_user(request.user, hearing_id)).data)


class HearingUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, HearingFieldsSerializer):
        pass

    @extend_schema(
        summary="Correct a hearing or record its outcome", request=InputSerializer, responses=HearingOutputSerializer
    )
    def patch(self, request: AuthenticatedRequest, hearing_id: int) -> Response:
        hearing = access.get_hearing_for_user(request.user, hearing_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": hearing.proceeding.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_hearing(actor=request.user, hearing=hearing, expected_version=values.pop("version"), **values)
        return Response(HearingOutputSerializer(hearing).data)


class HearingDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a hearing", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, hearing_id: int) -> Response:
        hearing = access.get_hearing_for_user(request.user, hearing_id, delete=True)
        services.delete_hearing(
            actor=request.user, hearing=hearing, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# Verdicts and sentences ---------------------------------------------------------------------------


class CompensationSerializer(serializers.Serializer[Any]):
    victim = CaseParticipantField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    currency = serializers.ChoiceField(choices=Currency.choices)


class SentenceFieldsSerializer(serializers.Serializer[Any]):
    prison_months = serializers.IntegerField(min_value=0, allow_null=True, default=None)
    suspended_months = serializers.IntegerField(min_value=0, allow_null=True, default=None)
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, default=None)
    fine_currency = serializers.ChoiceField(choices=Currency.choices, allow_blank=True, default="")
    confiscation = serializers.CharField(allow_blank=True, default="")
    confiscation_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, default=None)
    confiscation_currency = serializers.ChoiceField(choices=Currency.choices, allow_blank=True, default="")


class SentenceOutputSerializer(SentenceFieldsSerializer):
    compensations = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(CompensationSerializer(many=True))
    def get_compensations(self, sentence: Sentence) -> list[dict[str, Any]]:
        return [
            {"victim": c.victim_id, "amount": str(c.amount), "currency": c.currency}
            for c in sentence.compensations.all()
        ]


class VerdictOutputSerializer(serializers.Serializer[Verdict]):
    id = serializers.IntegerField()
    charge = serializers.IntegerField(source="charge_id")
    proceeding = serializers.IntegerField(source="proceeding_id")
    outcome = serializers.ChoiceField(choices=Verdict.Outcome.choices)
    reason = serializers.CharField()
    decided_on = serializers.DateField()
    notes = serializers.CharField()
    sentence = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(SentenceOutputSerializer(allow_null=True))
    def get_sentence(self, verdict: Verdict) -> dict[str, Any] | None:
        # Lists read the sentences with the verdicts (selectors.verdicts_of); a single verdict reads its own.
        try:
            sentence = verdict.sentence
        except Sentence.DoesNotExist:
            return None
        return dict(SentenceOutputSerializer(sentence).data)


class VerdictFieldsSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Verdict.Outcome.choices)
    reason = serializers.ChoiceField(choices=Verdict.Reason.choices, allow_blank=True, default="")
    decided_on = serializers.DateField()
    notes = serializers.CharField(allow_blank=True, default="")


class VerdictListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The verdicts of a case, with their sentences", responses=VerdictOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        verdicts = selectors.verdicts_of(case)
        return self.paginated_response(request, verdicts, VerdictOutputSerializer)


class VerdictRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(VerdictFieldsSerializer):
        charge = CaseChargeField()
        proceeding = CaseProceedingField(
            help_text=_("The round that decided: where the charge was brought or an appeal.")
        )

    @extend_schema(summary="Record a verdict", request=InputSerializer, responses={201: VerdictOutputSerializer})
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        verdict = services.record_verdict(actor=request.user, **serializer.validated_data)
        return Response(VerdictOutputSerializer(verdict).data, status=status.HTTP_201_CREATED)


class VerdictDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A verdict and its sentence", responses=VerdictOutputSerializer)
    def get(self, request: AuthenticatedRequest, verdict_id: int) -> Response:
        return Response(VerdictOutputSerializer(access.get_verdict_for_user(request.user, verdict_id)).data)


class VerdictUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, VerdictFieldsSerializer):
        pass

    @extend_schema(summary="Correct a verdict", request=InputSerializer, responses=VerdictOutputSerializer)
    def patch(self, request: AuthenticatedRequest, verdict_id: int) -> Response:
        verdict = access.get_verdict_for_user(request.user, verdict_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_verdict(actor=request.user, verdict=verdict, expected_version=values.pop("version"), **values)
        return Response(VerdictOutputSerializer(verdict).data)


class VerdictDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a verdict and its sentence", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, verdict_id: int) -> Response:
        verdict = access.get_verdict_for_user(request.user, verdict_id, delete=True)
        services.delete_verdict(
            actor=request.user, verdict=verdict, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SentenceRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(SentenceFieldsSerializer):
        compensations = CompensationSerializer(many=True, required=False, help_text=_("One amount per victim."))
        version = VersionField(required=False, help_text=_("Required to correct a sentence already recorded."))

    @extend_schema(
        summary="Record or correct the sentence of a conviction, with the compensation ordered to each victim",
        request=InputSerializer,
        responses=SentenceOutputSerializer,
    )
    def put(self, request: AuthenticatedRequest, verdict_id: int) -> Response:
        verdict = access.get_verdict_for_user(request.user, verdict_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": verdict.charge.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        ordered = [(c["victim"], c["amount"], c["currency"]) for c in values.pop("compensations", [])]
        sentence = services.record_sentence(
            actor=request.user,
            verdict=verdict,
            compensations=ordered,
            expected_version=values.pop("version", None),
            **values,
        )
        return Response(SentenceOutputSerializer(sentence).data)


# Cooperation requests -----------------------------------------------------------------------------


class RequestFieldsSerializer(serializers.Serializer[Any]):
    direction = serializers.ChoiceField(choices=CooperationRequest.Direction.choices)
    kind = serializers.ChoiceField(choices=CooperationRequest.Kind.choices)
    other_country = CountryCodeField(source="other_country_id")
    foreign_authority = serializers.CharField(max_length=200)
    subject_persons = CaseParticipantField(many=True, required=False)
    request = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True, default=None)
    received_on = serializers.DateField(allow_null=True, default=None)
    deadline = serializers.DateField(allow_null=True, default=None)
    deadline_basis = serializers.ChoiceField(
        choices=CooperationRequest.DeadlineBasis.choices, allow_blank=True, default=""
    )


class RequestOutputSerializer(serializers.Serializer[CooperationRequest]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    direction = serializers.ChoiceField(choices=CooperationRequest.Direction.choices)
    kind = serializers.ChoiceField(choices=CooperationRequest.Kind.choices)
    other_country = serializers.CharField(source="other_country_id")
    foreign_authority = serializers.CharField()
    subject_persons = serializers.SerializerMethodField()
    request = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    received_on = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    deadline_basis = serializers.CharField()
    status = serializers.ChoiceField(choices=CooperationRequest.Status.choices)
    replied_on = serializers.DateField(allow_null=True)
    sent_by = serializers.IntegerField(source="sent_by_id", allow_null=True, help_text=_("The user who sent it."))
    version = serializers.IntegerField()

    def get_subject_persons(self, item: CooperationRequest) -> list[int]:
        return [p.pk for p in item.subject_persons.all()]


class RequestListApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Mutual legal assistance, extradition and other requests of a case",
        responses=RequestOutputSerializer(many=True),
    )
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        requests = case.cooperation_requests.prefetch_related("subject_persons")
        return self.paginated_response(request, requests, RequestOutputSerializer)


class RequestRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(RequestFieldsSerializer):
        pass

    @extend_schema(
        summary="Record a cooperation request", request=InputSerializer, responses={201: RequestOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_justice_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        item = services.record_cooperation_request(actor=request.user, case=case, **serializer.validated_data)
        return Response(RequestOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class RequestDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A cooperation request", responses=RequestOutputSerializer)
    def get(self, request: AuthenticatedRequest, request_id: int) -> Response:
        return Response(RequestOutputSerializer(access.get_request_for_user(request.user, request_id)).data)


class RequestUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, RequestFieldsSerializer):
        pass

    @extend_schema(summary="Correct a cooperation request", request=InputSerializer, responses=RequestOutputSerializer)
    def patch(self, request: AuthenticatedRequest, request_id: int) -> Response:
        item = access.get_request_for_user(request.user, request_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": item.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_cooperation_request(
            actor=request.user, request=item, expected_version=values.pop("version"), **values
        )
        return Response(RequestOutputSerializer(item).data)


class RequestDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a cooperation request", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, request_id: int) -> Response:
        item = access.get_request_for_user(request.user, request_id, delete=True)
        services.delete_cooperation_request(
            actor=request.user, request=item, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class RequestStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(StatusInputSerializer):
        status = serializers.ChoiceField(choices=CooperationRequest.Status.choices)

    @extend_schema(
        summary="Move a request along its life cycle (draft → sent → acknowledged → executed, partially "
        "executed or refused; withdrawn)",
        request=InputSerializer,
        responses=RequestOutputSerializer,
    )
    def post(self, request: AuthenticatedRequest, request_id: int) -> Response:
        item = access.get_request_for_user(request.user, request_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_request_status(
            actor=request.user, request=item, expected_version=values.pop("version"), **values
        )
        return Response(RequestOutputSerializer(item).data)
