"""The REST API of training: the scenarios, and answering one. The same access rules and service."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from vigie.accounts import permissions
from vigie.api import ApiAuthMixin, AuthenticatedRequest
from vigie.training import selectors, services
from vigie.training.access import get_scenario_for_user
from vigie.training.catalogue import Person, Scenario, all_scenarios, qualification_of
from vigie.training.models import Answer, Attempt

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass


class CanTrain(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return permissions.can_train(request.user)


class TrainingApiMixin(ApiAuthMixin):
    permission_classes: Sequence["_PermissionClass"] = [IsAuthenticated, CanTrain]


class TrainingPersonSerializer(serializers.Serializer[Person]):
    subject = serializers.CharField(source="subject_id")
    name = serializers.CharField()


class ScenarioListApi(TrainingApiMixin, APIView):
    class OutputSerializer(serializers.Serializer[Scenario]):
        id = serializers.CharField()
        title = serializers.CharField()
        narrative = serializers.CharField()
        country = serializers.CharField()
        people = TrainingPersonSerializer(many=True)
        best_score = serializers.SerializerMethodField()

        def get_best_score(self, scenario: Scenario) -> int | None:
            best: int | None = self.context["best"].get(scenario.id)
            return best

    @extend_schema(summary="Training scenarios, with your best score on each", responses=OutputSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        context = {"best": selectors.best_scores_of(request.user)}
        return Response(self.OutputSerializer(all_scenarios(), many=True, context=context).data)  # type: ignore[arg-type]


class AttemptRecordApi(TrainingApiMixin, APIView):
    class InputSerializer(serializers.Serializer[Any]):
        answers = serializers.DictField(
            child=serializers.ChoiceField(choices=Answer.choices),
            help_text=_("Per person's subject id: tip, som, both or neither."),
        )

    class OutputSerializer(serializers.Serializer[Attempt]):
        id = serializers.IntegerField()
        scenario = serializers.CharField(source="scenario_id")
        answers = serializers.DictField(child=serializers.DictField())
        correct = serializers.IntegerField()
        total = serializers.IntegerField()
        score = serializers.IntegerField()
        at = serializers.DateTimeField()
        qualification = serializers.SerializerMethodField(help_text=_("The engine's vigie.qualification/1 document."))

        def get_qualification(self, attempt: Attempt) -> dict[str, Any]:
            qualification: dict[str, Any] = self.context["qualification"]
            return qualification

    @extend_schema(
        summary="Answer a training scenario",
        request=InputSerializer,
        responses={201: OutputSerializer},
    )
    def post(self, request: AuthenticatedRequest, scenario_id: str) -> Response:
        scenario = get_scenario_for_user(request.user, scenario_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attempt = services.record_attempt(
            actor=request.user, scenario_id=scenario.id, answers=data.validated_data["answers"]
        )
        output = self.OutputSerializer(attempt, context={"qualification": qualification_of(scenario)})
        return Response(output.data, status=status.HTTP_201_CREATED)
