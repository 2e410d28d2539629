"""The REST API for cases and what hangs off them: the same access rules, services and audit as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts.models import Agency
from vigie.accounts.selectors import all_agencies, register_agencies_of
from vigie.api import (
    DELETE_VERSION,
    DELETED,
    AuthenticatedRequest,
    ChangeSerializer,
    CountryCodeField,
    PartialDateField,
    RegisterApiMixin,
    VersionField,
    nest_errors,
)
from vigie.cases import access, selectors, services
from vigie.cases.models import BorderCrossing, Case, CaseShare, Decision, Event, Participant, SuspectedOffence
from vigie.concurrency import posted_version
from vigie.http import client_ip
from vigie.people.apis import PersonInputSerializer, PersonSummaryOutputSerializer, VisiblePersonField
from vigie.reference.codelists import BenefitSought, ExploitationForm, MeansOfControl, Sector


@extend_schema_field(OpenApiTypes.INT)
class OwnAgencyField(serializers.PrimaryKeyRelatedField[Agency]):
    """An agency in which the user works on the register."""

    def get_queryset(self) -> QuerySet[Agency]:
        return register_agencies_of(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class CaseParticipantField(serializers.PrimaryKeyRelatedField[Participant]):
    """A participant of the case the request is about, by id."""

    def get_queryset(self) -> QuerySet[Participant]:
        case: Case = self.context["case"]
        return case.participants.all()


# Cases --------------------------------------------------------------------------------------------


class AgencyOutputSerializer(serializers.Serializer[Agency]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField(source="country_id")


class CaseOutputSerializer(serializers.Serializer[Case]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    agency = AgencyOutputSerializer()
    title = serializers.CharField()
    offences = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Case.Status.choices)
    closure_reason = serializers.CharField()
    country = serializers.CharField(source="country_id")
    reported_on = serializers.DateField(allow_null=True)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    updated_at = serializers.DateTimeField()

    def get_offences(self, case: Case) -> list[str]:
        return sorted(offence.offence for offence in case.offences.all())


class ShareOutputSerializer(serializers.Serializer[CaseShare]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    agency = AgencyOutputSerializer()
    purpose = serializers.ChoiceField(choices=CaseShare.Purpose.choices)
    reason = serializers.CharField()
    shared_by = serializers.IntegerField(source="shared_by_id")
    shared_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class CaseDetailOutputSerializer(CaseOutputSerializer):
    # Only the case itself carries the narrative: lists of cases hold no free text about people.
    narrative = serializers.CharField()
    shares = serializers.SerializerMethodField(help_text=_("Agencies the case is shared with."))

    @extend_schema_field(ShareOutputSerializer(many=True))
    def get_shares(self, case: Case) -> list[dict[str, Any]]:
        # One query for the shares and their agencies, not one per share.
        return ShareOutputSerializer(selectors.active_shares(case), many=True).data  # type: ignore[arg-type,return-value]


class CaseListApi(RegisterApiMixin, APIView):
    class FilterSerializer(serializers.Serializer[Any]):
        q = serializers.CharField(
            source="query", required=False, help_text=_("A case reference, or a name or alias of a person in the case.")
        )
        status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
        offence = serializers.ChoiceField(choices=SuspectedOffence.Offence.choices, required=False)
        agency = serializers.IntegerField(source="agency_id", required=False, help_text=_("Lead agency."))
        country = CountryCodeField(source="country_id", required=False, help_text=_("Country of detection."))
        opened_from = serializers.DateField(required=False)
        opened_to = serializers.DateField(required=False)

    @extend_schema(
        summary="Cases the user may see, newest first",
        parameters=[FilterSerializer],
        responses=CaseOutputSerializer(many=True),
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        criteria = selectors.CaseFilters(**filters.validated_data)
        services.record_listing(
            actor=request.user, listing="cases", query=criteria.query.strip(), ip_address=client_ip(request)
        )
        cases = selectors.search_cases(request.user, criteria)
        return self.paginated_response(
            request, cases.select_related("agency").prefetch_related("offences"), CaseOutputSerializer
        )


class CaseOpenApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        agency = OwnAgencyField(
            required=False, help_text=_("The lead agency; may be left out by a member of only one agency.")
        )
        title = serializers.CharField(max_length=200, allow_blank=True, default="")
        offences = serializers.ListField(child=serializers.ChoiceField(choices=SuspectedOffence.Offence.choices))
        country = CountryCodeField(
            source="country_id", required=False, help_text=_("Country of detection; the lead agency's if left out.")
        )
        opened_on = serializers.DateField()
        reported_on = serializers.DateField(allow_null=True, default=None)
        narrative = serializers.CharField(allow_blank=True, default="")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "agency" not in attrs:
                agencies = list(register_agencies_of(self.context["request"].user)[:2])
                if len(agencies) != 1:
                    raise serializers.ValidationError({"agency": self.fields["agency"].error_messages["required"]})
                attrs["agency"] = agencies[0]
            attrs.setdefault("country_id", attrs["agency"].country_id)
            return attrs

    @extend_schema(summary="Open a case", request=InputSerializer, responses={201: CaseDetailOutputSerializer})
    def post(self, request: AuthenticatedRequest) -> Response:
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        case = services.open_case(actor=request.user, **serializer.validated_data)
        return Response(CaseDetailOutputSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseDetailApi(RegisterApiMixin, APIView):
    @extend_schema(summary="A case", responses=CaseDetailOutputSerializer)
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        services.record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        return Response(CaseDetailOutputSerializer(case).data)


class CaseUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer):
        title = serializers.CharField(max_length=200, allow_blank=True)
        offences = serializers.ListField(child=serializers.ChoiceField(choices=SuspectedOffence.Offence.choices))
        country = CountryCodeField(source="country_id")
        opened_on = serializers.DateField()
        reported_on = serializers.DateField(allow_null=True)
        narrative = serializers.CharField(allow_blank=True)

    @extend_schema(summary="Correct a case", request=InputSerializer, responses=CaseDetailOutputSerializer)
    def patch(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_case(actor=request.user, case=case, expected_version=values.pop("version"), **values)
        return Response(CaseDetailOutputSerializer(case).data)


class CaseDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a case", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, delete=True)
        services.delete_case(actor=request.user, case=case, expected_version=posted_version(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseStatusApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()
        status = serializers.ChoiceField(choices=Case.Status.choices)
        closure_reason = serializers.ChoiceField(choices=Case.ClosureReason.choices, allow_blank=True, default="")
        closed_on = serializers.DateField(allow_null=True, default=None, help_text=_("Today if the case is closed."))

    @extend_schema(summary="Move a case along its life cycle", request=InputSerializer, responses=CaseOutputSerializer)
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, decide=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.change_case_status(actor=request.user, case=case, expected_version=values.pop("version"), **values)
        return Response(CaseOutputSerializer(case).data)


class CaseShareApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        agency = serializers.PrimaryKeyRelatedField(queryset=all_agencies())
        purpose = serializers.ChoiceField(
            choices=CaseShare.Purpose.choices, help_text=_("What the other agency may see besides the people.")
        )
        reason = serializers.CharField(help_text=_("Why this agency needs to know."))

    @extend_schema(
        summary="Share a case with another agency", request=InputSerializer, responses={201: ShareOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, decide=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        share = services.share_case(actor=request.user, case=case, **serializer.validated_data)
        return Response(ShareOutputSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareRevokeApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Revoke the sharing of a case", request=None, responses=ShareOutputSerializer)
    def post(self, request: AuthenticatedRequest, share_id: int) -> Response:
        share = access.get_share_for_user(request.user, share_id)
        services.revoke_case_share(actor=request.user, share=share)
        return Response(ShareOutputSerializer(share).data)


# Decisions that take a second person -----------------------------------------------------------------


class DecisionOutputSerializer(serializers.Serializer[Decision]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    kind = serializers.ChoiceField(choices=Decision.Kind.choices)
    participant = serializers.IntegerField(source="participant_id", allow_null=True)
    effective_on = serializers.DateField()
    closure_reason = serializers.CharField()
    grounds = serializers.CharField()
    status = serializers.ChoiceField(choices=Decision.Status.choices)
    proposed_by = serializers.IntegerField(source="proposed_by_id")
    proposed_at = serializers.DateTimeField()
    answered_by = serializers.IntegerField(source="answered_by_id", allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_reason = serializers.CharField()


class CaseDecisionsApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Decisions of a case waiting for a second person", responses=DecisionOutputSerializer(many=True)
    )
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        return Response(DecisionOutputSerializer(selectors.pending_decisions(case), many=True).data)  # type: ignore[arg-type]


class CaseClosureProposeApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        closure_reason = serializers.ChoiceField(choices=Case.ClosureReason.choices)
        closed_on = serializers.DateField(allow_null=True, default=None, help_text=_("Today if not given."))
        grounds = serializers.CharField(help_text=_("Why the case can be closed."))

    @extend_schema(
        summary="Propose closing a case (a second person confirms it)",
        request=InputSerializer,
        responses={201: DecisionOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, decide=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.propose_case_closure(actor=request.user, case=case, **serializer.validated_data)
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


class IdentificationProposeApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        identified_on = serializers.DateField()
        grounds = serializers.CharField(help_text=_("The indicators found and how."))

    @extend_schema(
        summary="Propose the formal identification of a presumed victim (a second person confirms it)",
        request=InputSerializer,
        responses={201: DecisionOutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        participant = access.get_participant_for_user(request.user, participant_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.propose_victim_identification(
            actor=request.user, participant=participant, **serializer.validated_data
        )
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


class DecisionConfirmApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Confirm a proposed decision as the second person", request=None, responses=DecisionOutputSerializer
    )
    def post(self, request: AuthenticatedRequest, decision_id: int) -> Response:
        decision = access.get_decision_for_user(request.user, decision_id, answer=True)
        services.confirm_decision(actor=request.user, decision=decision)
        return Response(DecisionOutputSerializer(decision).data)


class DecisionRejectApi(RegisterApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = serializers.CharField()

    @extend_schema(summary="Reject a proposed decision", request=InputSerializer, responses=DecisionOutputSerializer)
    def post(self, request: AuthenticatedRequest, decision_id: int) -> Response:
        decision = access.get_decision_for_user(request.user, decision_id, answer=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.reject_decision(actor=request.user, decision=decision, **serializer.validated_data)
        return Response(DecisionOutputSerializer(decision).data)


class DecisionWithdrawApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Withdraw one's own proposal", request=None, responses=DecisionOutputSerializer)
    def post(self, request: AuthenticatedRequest, decision_id: int) -> Response:
        decision = access.get_decision_for_user(request.user, decision_id)
        services.withdraw_decision(actor=request.user, decision=decision)
        return Response(DecisionOutputSerializer(decision).data)


# Participants -------------------------------------------------------------------------------------


class ParticipantFactsSerializer(serializers.Serializer[Any]):
    """A person's role in a case and the facts the legal qualification reads."""

    role = serializers.ChoiceField(choices=Participant.Role.choices)
    suspect_role = serializers.ChoiceField(
        choices=Participant.SuspectRole.choices, allow_blank=True, default="", help_text=_("Suspects only.")
    )
    forms_of_exploitation = serializers.ListField(
        child=serializers.ChoiceField(choices=ExploitationForm.choices), default=list
    )
    sector = serializers.ChoiceField(choices=Sector.choices, allow_blank=True, default="")
    no_exploitation = serializers.BooleanField(
        default=False, help_text=_("True when it is established that no exploitation was intended.")
    )
    means_of_control = serializers.ListField(
        child=serializers.ChoiceField(choices=MeansOfControl.choices), default=list
    )
    no_means_of_control = serializers.BooleanField(
        default=False, help_text=_("True when it is established that no means of control was used.")
    )
    crossed_no_border = serializers.BooleanField(
        default=False, help_text=_("True when it is established that the person crossed no border in this case.")
    )
    benefit_sought = serializers.ChoiceField(choices=BenefitSought.choices, default=BenefitSought.UNKNOWN)
    identified_on = serializers.DateField(allow_null=True, default=None)
    notes = serializers.CharField(allow_blank=True, default="")


class ParticipantOutputSerializer(serializers.Serializer[Participant]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    person = PersonSummaryOutputSerializer()
    role = serializers.ChoiceField(choices=Participant.Role.choices)
    suspect_role = serializers.CharField()
    forms_of_exploitation = serializers.ListField(child=serializers.CharField())
    sector = serializers.CharField()
    no_exploitation = serializers.BooleanField()
    means_of_control = serializers.ListField(child=serializers.CharField())
    no_means_of_control = serializers.BooleanField()
    crossed_no_border = serializers.BooleanField()
    benefit_sought = serializers.CharField()
    identified_on = serializers.DateField(allow_null=True)
    notes = serializers.CharField()
    version = serializers.IntegerField()


class ParticipantListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The people in a case and their roles", responses=ParticipantOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        # The names of the people in a case: looked at like the case page, and audited the same way.
        services.record_case_view(actor=request.user, case=case, ip_address=client_ip(request))
        participants = case.participants.select_related("person").order_by("role", "id")
        return self.paginated_response(request, participants, ParticipantOutputSerializer)


class ParticipantAddApi(RegisterApiMixin, APIView):
    class InputSerializer(ParticipantFactsSerializer):
        person = VisiblePersonField(
            required=False, help_text=_("A person already in the register, by id; or give new_person.")
        )
        new_person = PersonInputSerializer(
            required=False, help_text=_("A new person, recorded together with the role; or give person.")
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("person" in attrs) == ("new_person" in attrs):
                raise serializers.ValidationError(
                    {"person": _("Give either a person already in the register or a new person, not both.")}
                )
            return attrs

    @extend_schema(
        summary="Add a person to a case", request=InputSerializer, responses={201: ParticipantOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        facts = dict(serializer.validated_data)
        if "person" in facts:
            participant = services.add_participant(actor=request.user, case=case, **facts)
        else:
            try:
                participant = services.add_new_person_to_case(
                    actor=request.user, case=case, person_values=facts.pop("new_person"), **facts
                )
            except ValidationError as error:
                raise nest_errors(error, under="new_person", fields=PersonInputSerializer().fields) from error
        return Response(ParticipantOutputSerializer(participant).data, status=status.HTTP_201_CREATED)


class ParticipantUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, ParticipantFactsSerializer):
        pass

    @extend_schema(
        summary="Correct a person's role in a case", request=InputSerializer, responses=ParticipantOutputSerializer
    )
    def patch(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        participant = access.get_participant_for_user(request.user, participant_id, write=True)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_participant(
            actor=request.user, participant=participant, expected_version=values.pop("version"), **values
        )
        return Response(ParticipantOutputSerializer(participant).data)


class ParticipantRemoveApi(RegisterApiMixin, APIView):
    @extend_schema(
        summary="Remove a person from a case (the person's record is kept)",
        responses=DELETED,
        parameters=[DELETE_VERSION],
    )
    def delete(self, request: AuthenticatedRequest, participant_id: int) -> Response:
        participant = access.get_participant_for_user(request.user, participant_id, delete=True)
        services.remove_participant(
            actor=request.user, participant=participant, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# Events and border crossings ----------------------------------------------------------------------


class EventFieldsSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    date = PartialDateField(default="")
    country = CountryCodeField(source="country_id", allow_null=True, default=None)
    admin_area = serializers.CharField(max_length=200, allow_blank=True, default="")
    locality = serializers.CharField(max_length=200, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-90, max_value=90, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-180, max_value=180, allow_null=True, default=None
    )
    description = serializers.CharField(allow_blank=True, default="")
    participants = CaseParticipantField(many=True, required=False, help_text=_("Ids of people of the case involved."))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        # The same check as the event form, when both are given.
        if "latitude" in attrs and "longitude" in attrs and (attrs["latitude"] is None) != (attrs["longitude"] is None):
            raise serializers.ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        return attrs


class EventOutputSerializer(serializers.Serializer[Event]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    date = serializers.CharField()
    country = serializers.CharField(source="country_id", allow_null=True)
    admin_area = serializers.CharField()
    locality = serializers.CharField()
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5, allow_null=True)
    description = serializers.CharField()
    participants = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_participants(self, event: Event) -> list[int]:
        return [participant.pk for participant in event.participants.all()]


class EventListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="What happened in a case", responses=EventOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        return self.paginated_response(request, case.events.prefetch_related("participants"), EventOutputSerializer)


class EventRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(EventFieldsSerializer):
        pass

    @extend_schema(summary="Record an event", request=InputSerializer, responses={201: EventOutputSerializer})
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        event = services.record_event_in_case(actor=request.user, case=case, **serializer.validated_data)
        return Response(EventOutputSerializer(event).data, status=status.HTTP_201_CREATED)


class EventUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, EventFieldsSerializer):
        pass

    @extend_schema(summary="Correct an event", request=InputSerializer, responses=EventOutputSerializer)
    def patch(self, request: AuthenticatedRequest, event_id: int) -> Response:
        event = access.get_event_for_user(request.user, event_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": event.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_event(actor=request.user, event=event, expected_version=values.pop("version"), **values)
        return Response(EventOutputSerializer(event).data)


class EventDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete an event", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, event_id: int) -> Response:
        event = access.get_event_for_user(request.user, event_id, delete=True)
        services.delete_event(actor=request.user, event=event, expected_version=posted_version(request.query_params))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CrossingFieldsSerializer(serializers.Serializer[Any]):
    from_country = CountryCodeField(source="from_country_id")
    to_country = CountryCodeField(source="to_country_id")
    date = PartialDateField(default="")
    border_post = serializers.CharField(max_length=200, allow_blank=True, default="")
    documents = serializers.ChoiceField(
        choices=BorderCrossing.Documents.choices, default=BorderCrossing.Documents.UNKNOWN
    )
    entry = serializers.ChoiceField(choices=BorderCrossing.Entry.choices, default=BorderCrossing.Entry.UNKNOWN)
    procured_by = CaseParticipantField(
        allow_null=True, default=None, help_text=_("The suspect who procured the entry.")
    )
    procured_by_nobody = serializers.BooleanField(
        default=False, help_text=_("True when it is established that nobody procured the entry.")
    )
    travellers = CaseParticipantField(many=True, required=False, help_text=_("Ids of people of the case who crossed."))


class CrossingOutputSerializer(serializers.Serializer[BorderCrossing]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    from_country = serializers.CharField(source="from_country_id")
    to_country = serializers.CharField(source="to_country_id")
    date = serializers.CharField()
    border_post = serializers.CharField()
    documents = serializers.ChoiceField(choices=BorderCrossing.Documents.choices)
    entry = serializers.ChoiceField(choices=BorderCrossing.Entry.choices)
    procured_by = serializers.IntegerField(source="procured_by_id", allow_null=True)
    procured_by_nobody = serializers.BooleanField()
    travellers = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    def get_travellers(self, crossing: BorderCrossing) -> list[int]:
        return [participant.pk for participant in crossing.travellers.all()]


class CrossingListApi(RegisterApiMixin, APIView):
    @extend_schema(summary="The border crossings of a case", responses=CrossingOutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id)
        crossings = case.crossings.prefetch_related("travellers")
        return self.paginated_response(request, crossings, CrossingOutputSerializer)


class CrossingRecordApi(RegisterApiMixin, APIView):
    class InputSerializer(CrossingFieldsSerializer):
        pass

    @extend_schema(
        summary="Record a border crossing", request=InputSerializer, responses={201: CrossingOutputSerializer}
    )
    def post(self, request: AuthenticatedRequest, case_id: int) -> Response:
        case = access.get_case_for_user(request.user, case_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": case})
        serializer.is_valid(raise_exception=True)
        crossing = services.record_crossing(actor=request.user, case=case, **serializer.validated_data)
        return Response(CrossingOutputSerializer(crossing).data, status=status.HTTP_201_CREATED)


class CrossingUpdateApi(RegisterApiMixin, APIView):
    class InputSerializer(ChangeSerializer, CrossingFieldsSerializer):
        pass

    @extend_schema(summary="Correct a border crossing", request=InputSerializer, responses=CrossingOutputSerializer)
    def patch(self, request: AuthenticatedRequest, crossing_id: int) -> Response:
        crossing = access.get_crossing_for_user(request.user, crossing_id, write=True)
        serializer = self.InputSerializer(data=request.data, context={"case": crossing.case})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        services.update_crossing(
            actor=request.user, crossing=crossing, expected_version=values.pop("version"), **values
        )
        return Response(CrossingOutputSerializer(crossing).data)


class CrossingDeleteApi(RegisterApiMixin, APIView):
    @extend_schema(summary="Delete a border crossing", responses=DELETED, parameters=[DELETE_VERSION])
    def delete(self, request: AuthenticatedRequest, crossing_id: int) -> Response:
        crossing = access.get_crossing_for_user(request.user, crossing_id, delete=True)
        services.delete_crossing(
            actor=request.user, crossing=crossing, expected_version=posted_version(request.query_params)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
