"""The REST API of the investigation part of a case: the same access rules, services and audit as the pages."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts import permissions
from vigie.accounts.models import Agency, User
from vigie.api import (
    DELETE_VERSION,
    DELETED,
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    CountryListField,
    PartialDateField,
    RegisterApiMixin,
    VersionField,
)
from vigie.cases.access import CasePart, get_case_for_user
from vigie.cases.apis import CaseParticipantField
from vigie.cases.models import Case
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.http import client_ip
from vigie.investigations import access, services
from vigie.investigations.models import Arrest, Investigation, MoneyFlow, Seizure


@extend_schema_field(OpenApiTypes.INT)
class LeadAgencyField(serializers.PrimaryKeyRelatedField[Agency]):
    """The case's lead agency or an agency it is shared with for the investigation, by id."""

    def get_queryset(self) -> QuerySet[Agency]:
        case: Case = self.context["case"]
        return Agency.objects.filter(pk__in=services.lead_agency_choices(case))


@extend_schema_field(OpenApiTypes.INT)
class LeadInvestigatorField(serializers.PrimaryKeyRelatedField[User]):
    """A user of an agency that may lead the investigation, by id; the service checks it is the lead agency."""

    def get_queryset(self) -> QuerySet[User]:
        case: Case = self.context["case"]
        staff = User.objects.none()
        for agency_id in services.lead_agency_choices(case):
            staff = staff | permissions.possible_lead_investigators(agency_id)
        return staff.distinct()


@extend_schema_field(OpenApiTypes.INT)
class InvestigationAccountField(serializers.PrimaryKeyRelatedField[Seizure]):
    """A bank or mobile-money account seized or frozen in this investigation, by id."""

    def get_queryset(self) -> QuerySet[Seizure]:
        investigation: Investigation = self.context["investigation"]
        return investigation.seizures.all()


# Investigations -----------------------------------------------------------------------------------


class InvestigationFieldsSerializer(serializers.Serializer[Any]):
    agency = LeadAgencyField()
    lead_unit = serializers.CharField(max_length=200, help_text=_("For example “Brigade des mineurs de Niamey”."))
    lead_investigator = LeadInvestigatorField(allow_null=True, default=None)
    opened_on = serializers.DateField()
    techniques = serializers.ListField(
        child=serializers.ChoiceField(choices=Investigation.Technique.choices), default=list
    )
    partner_countries = CountryListField(
        required=False, help_text=_("Countries of the joint investigation team, by ISO code.")
    )
    notes = serializers.CharField(allow_blank=True, default="")


class InvestigationOutputSerializer(serializers.Serializer[Investigation]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    agency = serializers.IntegerField(source="agency_id")
    lead_unit = serializers.CharField()
    lead_investigator = serializers.IntegerField(source="lead_investigator_id", allow_null=True)
    status = serializers.ChoiceField(choices=Investigation.Status.choices)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    closing_reason = serializers.CharField()
    status_reason = serializers.CharField()
    techniques = serializers.ListField(child=serializers.CharField())
    partner_countries = CountryListField()
    notes = serializers.CharField()
    version = serializers.IntegerField()


class InvestigationListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The investigations of a case", responses=InvestigationOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.INVESTIGATION)
        record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        investigations = case.investigations.prefetch_related("partner_countries").order_by("opened_on", "id")
        return self.paginated_response(request, investigations, InvestigationOutputSerializer)


class InvestigationOpenApi(RegisterApiMixin, APIView):
    class InputSerializer(InvestigationFieldsSerializer):
        pass

    @extend_schema(
        summary="Open an investigation in a case",
        request=InputSerializer,
        responses={201: InvestigationOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = get_case_for_user(request.user, case_id, part=CasePart.INVESTIGATION, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        investigation = services.open_investigation(actor=request.user, case=case, **serializer.validated_data)
        return Response(InvestigationOutputSerializer(investigation).data, status=status.HTTP_201_CREATED)


class InvestigationDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="An investigation", responses=InvestigationOutputSerializer)
    def get(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id)
        return Response(InvestigationOutputSerializer(investigation).data)


class InvestigationUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, InvestigationFieldsSerializer):
        pass

    @extend_schema(summary="Correct an investigation", request=InputSerializer, responses=InvestigationOutputSerializer)
    def patch(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": investigation.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_investigation(
            actor=request.user, investigation=investigation, expected_version=values.pop("version"), **values
        )
        return Response(InvestigationOutputSerializer(investigation).data)


class InvestigationDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Delete an investigation, its arrests, seizures and money flows",
        responses=DELETED,
        parameters=[DELETE_VERSION],
    )
    def delete(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, delete=True)
        services.delete_investigation(
            actor=request.user, investigation=investigation, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvestigationStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        status = serializers.ChoiceField(choices=Investigation.Status.choices)
        closing_reason = serializers.ChoiceField(
            choices=Investigation.ClosingReason.choices, allow_blank=True, default=""
        )
        closed_on = serializers.DateField(allow_null=True, default=None, help_text=_("Today if left out."))
        reason = serializers.CharField(
            allow_blank=True, default="", help_text=_("Why; required to reopen a closed investigation.")
        )

    @extend_schema(
        summary="Suspend, resume, close or reopen an investigation",
        request=InputSerializer,
        responses=InvestigationOutputSerializer,
    )
    def post(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_investigation_status(
            actor=request.user, investigation=investigation, expected_version=values.pop("version"), **values
        )
        return Response(InvestigationOutputSerializer(investigation).data)


# Arrests ------------------------------------------------------------------------------------------


class ArrestFieldsSerializer(serializers.Serializer[Any]):
    suspect = CaseParticipantField(help_text=_("A suspect of the case, by participant id."))
    arrested_on = serializers.DateField()
    country = CountryCodeField(source="country_id", allow_null=True, default=None)
    admin_area = serializers.CharField(max_length=200, allow_blank=True, default="")
    locality = serializers.CharField(max_length=200, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-90, max_value=90, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-180, max_value=180, allow_null=True, default=None
    )
    arresting_unit = serializers.CharField(max_length=200, allow_blank=True, default="")
    custody_outcome = serializers.ChoiceField(choices=Arrest.CustodyOutcome.choices, allow_blank=True, default="")
    notes = serializers.CharField(allow_blank=True, default="")


class ArrestOutputSerializer(serializers.Serializer[Arrest]):
    id = serializers.IntegerField()
    investigation = serializers.IntegerField(source="investigation_id")
    suspect = serializers.IntegerField(source="suspect_id")
    arrested_on = serializers.DateField()
    country = serializers.CharField(source="country_id", allow_null=True)
    admin_area = serializers.CharField()
    locality = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    arresting_unit = serializers.CharField()
    custody_outcome = serializers.CharField()
    notes = serializers.CharField()
    version = serializers.IntegerField()


class ArrestListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The arrests of an investigation", responses=ArrestOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id)
        return self.paginated_response(request, investigation.arrests.all(), ArrestOutputSerializer)


class ArrestRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(ArrestFieldsSerializer):
        pass

    @extend_schema(summary="Record an arrest", request=InputSerializer, responses={201: ArrestOutputSerializer})
    def post(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": investigation.case})
        serializer.is_valid(raise_exception=True)
        arrest = services.record_arrest(actor=request.user, investigation=investigation, **serializer.validated_data)
        return Response(ArrestOutputSerializer(arrest).data, status=status.HTTP_201_CREATED)


class ArrestUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ArrestFieldsSerializer):
        pass

    @extend_schema(summary="Correct an arrest", request=InputSerializer, responses=ArrestOutputSerializer)
    def patch(self, request: AuthenticatedRequest, arrest_id: int) -> Response:
        arrest = access.get_arrest_for_user(request.user, arrest_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": arrest.investigation.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_arrest(actor=request.user, arrest=arrest, expected_version=values.pop("version"), **values)
        return Response(ArrestOutputSerializer(arrest).data)


class ArrestDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete an arrest", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, arrest_id: int) -> Response:
        arrest = access.get_arrest_for_user(request.user, arrest_id, delete=True)
        services.delete_arrest(actor=request.user, arrest=arrest, expected_version=posted_version(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)


# Seizures and frozen assets -----------------------------------------------------------------------


class SeizureFieldsSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Seizure.Kind.choices)
    measure = serializers.ChoiceField(choices=Seizure.Measure.choices, default=Seizure.Measure.SEIZED)
    taken_on = serializers.DateField()
    released_on = serializers.DateField(allow_null=True, default=None)
    description = serializers.CharField(max_length=300, allow_blank=True, default="")
    identifier = serializers.CharField(
        max_length=100, allow_blank=True, default="", help_text=_("Account number, plate number, IMEI…")
    )
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True, default=None)
    currency = serializers.CharField(
        max_length=3, allow_blank=True, default="", help_text=_("ISO 4217 code: XOF, XAF, NGN, GHS…")
    )
    persons = CaseParticipantField(many=True, required=False, help_text=_("Ids of people of the case it is linked to."))


class SeizureOutputSerializer(serializers.Serializer[Seizure]):
    id = serializers.IntegerField()
    investigation = serializers.IntegerField(source="investigation_id")
    kind = serializers.ChoiceField(choices=Seizure.Kind.choices)
    measure = serializers.ChoiceField(choices=Seizure.Measure.choices)
    taken_on = serializers.DateField()
    released_on = serializers.DateField(allow_null=True)
    description = serializers.CharField()
    identifier = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    persons = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_persons(self, seizure: Seizure) -> list[int]:
        return [participant.pk for participant in seizure.persons.all()]


class SeizureListApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="The seizures and frozen assets of an investigation", responses=SeizureOutputSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id)
        seizures = investigation.seizures.prefetch_related("persons")
        return self.paginated_response(request, seizures, SeizureOutputSerializer)


class SeizureRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(SeizureFieldsSerializer):
        pass

    @extend_schema(
        summary="Record a seizure or frozen asset", request=InputSerializer, responses={201: SeizureOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": investigation.case})
        serializer.is_valid(raise_exception=True)
        seizure = services.record_seizure(actor=request.user, investigation=investigation, **serializer.validated_data)
        return Response(SeizureOutputSerializer(seizure).data, status=status.HTTP_201_CREATED)


class SeizureUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, SeizureFieldsSerializer):
        pass

    @extend_schema(
        summary="Correct a seizure or record its release", request=InputSerializer, responses=SeizureOutputSerializer
    )
    def patch(self, request: AuthenticatedRequest, seizure_id: int) -> Response:
        seizure = access.get_seizure_for_user(request.user, seizure_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": seizure.investigation.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_seizure(actor=request.user, seizure=seizure, expected_version=values.pop("version"), **values)
        return Response(SeizureOutputSerializer(seizure).data)


class SeizureDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a seizure or frozen asset", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, seizure_id: int) -> Response:
        seizure = access.get_seizure_for_user(request.user, seizure_id, delete=True)
        services.delete_seizure(
            actor=request.user, seizure=seizure, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# Money flows --------------------------------------------------------------------------------------


class MoneyFlowFieldsSerializer(serializers.Serializer[Any]):
    from_participant = CaseParticipantField(allow_null=True, default=None, help_text=_("A person of the case."))
    from_seizure = InvestigationAccountField(
        allow_null=True, default=None, help_text=_("A seized or frozen account of the investigation.")
    )
    from_account = serializers.CharField(
        max_length=100, allow_blank=True, default="", help_text=_("An account that was not seized.")
    )
    to_participant = CaseParticipantField(allow_null=True, default=None)
    to_seizure = InvestigationAccountField(allow_null=True, default=None)
    to_account = serializers.CharField(max_length=100, allow_blank=True, default="")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField(max_length=3, help_text=_("ISO 4217 code: XOF, XAF, NGN, GHS…"))
    date = PartialDateField(default="")
    channel = serializers.ChoiceField(choices=MoneyFlow.Channel.choices)
    notes = serializers.CharField(allow_blank=True, default="")


class MoneyFlowOutputSerializer(serializers.Serializer[MoneyFlow]):
    id = serializers.IntegerField()
    investigation = serializers.IntegerField(source="investigation_id")
    from_participant = serializers.IntegerField(source="from_participant_id", allow_null=True)
    from_seizure = serializers.IntegerField(source="from_seizure_id", allow_null=True)
    from_account = serializers.CharField()
    to_participant = serializers.IntegerField(source="to_participant_id", allow_null=True)
    to_seizure = serializers.IntegerField(source="to_seizure_id", allow_null=True)
    to_account = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()
    date = serializers.CharField()
    channel = serializers.ChoiceField(choices=MoneyFlow.Channel.choices)
    notes = serializers.CharField()
    version = serializers.IntegerField()


def _flow_context(investigation: Investigation) -> dict[str, Any]:
    return {"case": investigation.case, "investigation": investigation}


class MoneyFlowListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The money flows of an investigation", responses=MoneyFlowOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id)
        return self.paginated_response(request, investigation.money_flows.all(), MoneyFlowOutputSerializer)


class MoneyFlowRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(MoneyFlowFieldsSerializer):
        pass

    @extend_schema(summary="Record a money flow", request=InputSerializer, responses={201: MoneyFlowOutputSerializer})
    def post(self, request: AuthenticatedRequest, investigation_id: int) -> Response:
        investigation = access.get_investigation_for_user(request.user, investigation_id, write=True)
        serializer = self.InputSerializer(data=request.data, context=_flow_context(investigation))
        serializer.is_valid(raise_exception=True)
        flow = services.record_money_flow(actor=request.user, investigation=investigation, **serializer.validated_data)
        return Response(MoneyFlowOutputSerializer(flow).data, status=status.HTTP_201_CREATED)


class MoneyFlowUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, MoneyFlowFieldsSerializer):
        pass

    @extend_schema(summary="Correct a money flow", request=InputSerializer, responses=MoneyFlowOutputSerializer)
    def patch(self, request: AuthenticatedRequest, flow_id: int) -> Response:
        flow = access.get_money_flow_for_user(request.user, flow_id, write=True)
        serializer = self.InputSerializer(data=request.data, context=_flow_context(flow.investigation))
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_money_flow(actor=request.user, flow=flow, expected_version=values.pop("version"), **values)
        return Response(MoneyFlowOutputSerializer(flow).data)


class MoneyFlowDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a money flow", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, flow_id: int) -> Response:
        flow = access.get_money_flow_for_user(request.user, flow_id, delete=True)
        services.delete_money_flow(actor=request.user, flow=flow, expected_version=posted_version(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)
