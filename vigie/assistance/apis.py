"""The REST API of victim assistance: the same access rules, services and audit as the pages.

Each kind of record has the same five operations (list and record per case; read, correct and delete
one record); `_record_apis` builds one APIView per operation from the kind's serializers.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.api import (
    DELETE_VERSION,
    DELETED,
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    RegisterApiMixin,
    VersionField,
)
from vigie.assistance import access, services
from vigie.assistance.kinds import KINDS
from vigie.assistance.models import (
    DOMAINS,
    AssistanceClosure,
    AssistancePlan,
    FamilyAssessment,
    NeedLevel,
    ReflectionPeriod,
    ReintegrationVisit,
    VoluntaryReturn,
)
from vigie.assistance.selectors import assisted_participants
from vigie.cases.models import Case, Participant
from vigie.cases.services import record_case_view
from vigie.concurrency import posted_version
from vigie.http import client_ip

PLAN_ENDINGS = [(s.value, s.label) for s in (AssistancePlan.Status.COMPLETED, AssistancePlan.Status.STOPPED)]
RETURN_ENDINGS = [(s.value, s.label) for s in (VoluntaryReturn.Status.COMPLETED, VoluntaryReturn.Status.CANCELLED)]


@extend_schema_field(OpenApiTypes.INT)
class AssistedParticipantField(serializers.PrimaryKeyRelatedField[Participant]):
    """A victim, presumed victim or smuggled migrant of the case, by participant id."""

    def get_queryset(self) -> QuerySet[Participant]:
        case: Case = self.context["case"]
        return case.participants.filter(pk__in=[p.pk for p in assisted_participants(case)]).select_related("person")


class RecordOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    participant = serializers.IntegerField(source="participant_id")
    notes = serializers.CharField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()


def _text(max_length: int = 200, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, default="", **kwargs)


# Fields of each kind ---------------------------------------------------------------------------------


class AssessmentFieldsSerializer(serializers.Serializer[Any]):
    assessed_on = serializers.DateField()
    next_review_on = serializers.DateField(allow_null=True, default=None)
    notes = _text(max_length=10000)


for _code, _label in DOMAINS:
    AssessmentFieldsSerializer._declared_fields[_code] = serializers.ChoiceField(
        choices=NeedLevel.choices, default=NeedLevel.NONE, help_text=_label
    )
    AssessmentFieldsSerializer._declared_fields[f"{_code}_note"] = _text(max_length=500)


class AssessmentOutputSerializer(RecordOutputSerializer):
    assessed_on = serializers.DateField()
    assessed_by = serializers.IntegerField(source="assessed_by_id")
    next_review_on = serializers.DateField(allow_null=True)


for _code, _label in DOMAINS:
    AssessmentOutputSerializer._declared_fields[_code] = serializers.ChoiceField(choices=NeedLevel.choices)
    AssessmentOutputSerializer._declared_fields[f"{_code}_note"] = serializers.CharField()


class ReflectionFieldsSerializer(serializers.Serializer[Any]):
    started_on = serializers.DateField()
    ends_on = serializers.DateField()
    granted_by = serializers.CharField(max_length=200)
    outcome = serializers.ChoiceField(choices=ReflectionPeriod.Outcome.choices, default="pending")
    notes = _text(max_length=10000)


class ReflectionOutputSerializer(RecordOutputSerializer):
    started_on = serializers.DateField()
    ends_on = serializers.DateField()
    granted_by = serializers.CharField()
    outcome = serializers.ChoiceField(choices=ReflectionPeriod.Outcome.choices)


class PlanFieldsSerializer(serializers.Serializer[Any]):
    agreed_on = serializers.DateField()
    agreed_with_person = serializers.BooleanField(default=True)
    goals = serializers.CharField(help_text=_("One goal a line."))
    review_on = serializers.DateField(allow_null=True, default=None)
    notes = _text(max_length=10000)


class PlanOutputSerializer(RecordOutputSerializer):
    agreed_on = serializers.DateField()
    agreed_with_person = serializers.BooleanField()
    goals = serializers.CharField()
    review_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=AssistancePlan.Status.choices)
    ended_on = serializers.DateField(allow_null=True)
    stop_reason = serializers.CharField()
    case_worker = serializers.IntegerField(
        source="case_worker_id", allow_null=True, help_text=_("The case worker who drew up the plan.")
    )


class FamilyFieldsSerializer(serializers.Serializer[Any]):
    assessed_on = serializers.DateField()
    assessed_by = serializers.CharField(max_length=200)
    place = _text()
    outcome = serializers.ChoiceField(choices=FamilyAssessment.Outcome.choices)
    notes = _text(max_length=10000)


class FamilyOutputSerializer(RecordOutputSerializer):
    assessed_on = serializers.DateField()
    assessed_by = serializers.CharField()
    place = serializers.CharField()
    outcome = serializers.ChoiceField(choices=FamilyAssessment.Outcome.choices)


class ReturnFieldsSerializer(serializers.Serializer[Any]):
    from_country = CountryCodeField(source="from_country_id")
    to_country = CountryCodeField(source="to_country_id")
    area = _text()
    consent_given = serializers.BooleanField(help_text=_("The person consents to return."))
    consent_on = serializers.DateField(allow_null=True)
    planned_on = serializers.DateField()
    escort = _text()
    notes = _text(max_length=10000)


class ReturnOutputSerializer(RecordOutputSerializer):
    from_country = serializers.CharField(source="from_country_id")
    to_country = serializers.CharField(source="to_country_id")
    area = serializers.CharField()
    consent_given = serializers.BooleanField()
    consent_on = serializers.DateField(allow_null=True)
    planned_on = serializers.DateField()
    returned_on = serializers.DateField(allow_null=True)
    escort = serializers.CharField()
    status = serializers.ChoiceField(choices=VoluntaryReturn.Status.choices)


class VisitFieldsSerializer(serializers.Serializer[Any]):
    visited_on = serializers.DateField()
    visited_by = serializers.CharField(max_length=200)
    place = _text()
    situation = serializers.ChoiceField(choices=ReintegrationVisit.Situation.choices)
    next_visit_on = serializers.DateField(allow_null=True, default=None)
    notes = _text(max_length=10000)


class VisitOutputSerializer(RecordOutputSerializer):
    visited_on = serializers.DateField()
    visited_by = serializers.CharField()
    place = serializers.CharField()
    situation = serializers.ChoiceField(choices=ReintegrationVisit.Situation.choices)
    next_visit_on = serializers.DateField(allow_null=True)


class ClosureFieldsSerializer(serializers.Serializer[Any]):
    closed_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=AssistanceClosure.Reason.choices)
    reason_other = _text(max_length=300, help_text=_("Required when the reason is “other”."))
    notes = _text(max_length=10000)


class ClosureOutputSerializer(RecordOutputSerializer):
    closed_on = serializers.DateField()
    closed_by = serializers.IntegerField(source="closed_by_id")
    reason = serializers.ChoiceField(choices=AssistanceClosure.Reason.choices)
    reason_other = serializers.CharField()
    reopened_on = serializers.DateField(allow_null=True)
    reopen_reason = serializers.CharField()


# The five operations of each kind ---------------------------------------------------------------------


def _record_apis(
    kind: str, noun: str, fields: type[serializers.Serializer[Any]], output: type[serializers.Serializer[Any]]
) -> dict[str, type[APIView]]:
    spec = KINDS[kind]
    model = spec.form.model
    label = str(model._meta.verbose_name)

    class ListApi(RegisterApiMixin, APIView):
        @extend_schema(summary=f"The {model._meta.verbose_name_plural} of a case", responses=output(many=True))
        def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
            case = access.get_assistance_case_for_user(request.user, case_id)
            record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
            return self.paginated_response(request, model._default_manager.filter(case=case), output)

    class CreateApi(RegisterApiMixin, APIView):
        class InputSerializer(fields):  # type: ignore[valid-type,misc]
            participant = AssistedParticipantField()

        @extend_schema(summary=f"Record a {label}", request=InputSerializer, responses={201: output})
        def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
            case = access.get_assistance_case_for_user(request.user, case_id, write=True)
            serializer = self.InputSerializer(data=request.data, context={"case": case})
            serializer.is_valid(raise_exception=True)
            record = spec.record(actor=request.user, case=case, **serializer.validated_data)
            return Response(output(record).data, status=status.HTTP_201_CREATED)

    class DetailApi(RegisterApiMixin, APIView):
        @extend_schema(summary=f"A {label}", responses=output)
        def get(self, request: AuthenticatedRequest, pk: int) -> Response:
            return Response(output(spec.get(request.user, pk)).data)

    class UpdateApi(RegisterApiMixin, APIView):
        class InputSerializer(ChangeSerializer, fields):  # type: ignore[valid-type,misc]
            pass

        @extend_schema(summary=f"Correct a {label}", request=InputSerializer, responses=output)
        def patch(self, request: AuthenticatedRequest, pk: int) -> Response:
            record = spec.get(request.user, pk, write=True)
            serializer = self.InputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            values = dict(serializer.validated_data)
            spec.update(actor=request.user, record=record, expected_version=values.pop("version"), **values)
            return Response(output(record).data)

    class DeleteApi(RegisterApiMixin, APIView):
        @extend_schema(summary=f"Delete a {label}", responses=DELETED, parameters=[DELETE_VERSION])
        def delete(self, request: AuthenticatedRequest, pk: int) -> Response:
            spec.delete(
                actor=request.user,
                record=spec.get(request.user, pk, delete=True),
                expected_version=posted_version(request.query_params),
            )
            return Response(status=status.HTTP_204_NO_CONTENT)

    apis: dict[str, type[APIView]] = {
        "list": ListApi,
        "create": CreateApi,
        "detail": DetailApi,
        "update": UpdateApi,
        "delete": DeleteApi,
    }
    # Each view gets its own name, so that the schema names its serializers "AssessmentCreateInput"…
    for operation, cls in apis.items():
        cls.__name__ = cls.__qualname__ = f"{noun}{operation.capitalize()}Api"
        if hasattr(cls, "InputSerializer"):
            cls.InputSerializer.__qualname__ = f"{cls.__name__}.InputSerializer"
    return apis


RECORD_APIS: dict[str, dict[str, type[APIView]]] = {
    "assessment": _record_apis("assessment", "Assessment", AssessmentFieldsSerializer, AssessmentOutputSerializer),
    "reflection": _record_apis("reflection", "Reflection", ReflectionFieldsSerializer, ReflectionOutputSerializer),
    "plan": _record_apis("plan", "Plan", PlanFieldsSerializer, PlanOutputSerializer),
    "family": _record_apis("family", "FamilyAssessment", FamilyFieldsSerializer, FamilyOutputSerializer),
    "return": _record_apis("return", "Return", ReturnFieldsSerializer, ReturnOutputSerializer),
    "visit": _record_apis("visit", "Visit", VisitFieldsSerializer, VisitOutputSerializer),
    "closure": _record_apis("closure", "Closure", ClosureFieldsSerializer, ClosureOutputSerializer),
}


# Transitions --------------------------------------------------------------------------------------------


class PlanStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        status = serializers.ChoiceField(choices=PLAN_ENDINGS)
        ended_on = serializers.DateField()
        stop_reason = _text(max_length=500, help_text=_("Required to stop a plan."))

    @extend_schema(
        summary="Complete or stop an assistance plan", request=InputSerializer, responses=PlanOutputSerializer
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        plan = access.get_assistance_plan_for_user(request.user, pk, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_plan_status(actor=request.user, plan=plan, expected_version=values.pop("version"), **values)
        return Response(PlanOutputSerializer(plan).data)


class ReturnStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        status = serializers.ChoiceField(choices=RETURN_ENDINGS)
        returned_on = serializers.DateField(allow_null=True, default=None, help_text=_("Required to complete."))

    @extend_schema(
        summary="Complete or cancel a voluntary return", request=InputSerializer, responses=ReturnOutputSerializer
    )
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        voluntary_return = access.get_voluntary_return_for_user(request.user, pk, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_return_status(
            actor=request.user, voluntary_return=voluntary_return, expected_version=values.pop("version"), **values
        )
        return Response(ReturnOutputSerializer(voluntary_return).data)


class ClosureReopenApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        reopened_on = serializers.DateField()
        reason = serializers.CharField(max_length=500)

    @extend_schema(summary="Reopen an assistance file", request=InputSerializer, responses=ClosureOutputSerializer)
    def post(self, request: AuthenticatedRequest, pk: int) -> Response:
        closure = access.get_assistance_closure_for_user(request.user, pk, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.reopen_assistance(
            actor=request.user, closure=closure, expected_version=values.pop("version"), **values
        )
        return Response(ClosureOutputSerializer(closure).data)
