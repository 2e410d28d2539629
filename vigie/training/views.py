from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from vigie.accounts import permissions
from vigie.accounts.selectors import all_agencies
from vigie.forms import add_service_errors
from vigie.http import AuthenticatedHttpRequest
from vigie.training import selectors, services
from vigie.training.access import get_attempt_for_user, get_scenario_for_user
from vigie.training.catalogue import all_scenarios, find_scenario, qualification_of
from vigie.training.explanation import results_of
from vigie.training.forms import AnswersForm


@require_GET
def scenario_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_train(request.user):
        raise PermissionDenied
    best = selectors.best_scores_of(request.user)
    rows = [(scenario, best.get(scenario.id)) for scenario in all_scenarios()]
    context = {"rows": rows, "done": len(best), "total": len(rows)}
    return render(request, "training/scenario_list.html", context)


@require_http_methods(["GET", "POST"])
def scenario_detail(request: AuthenticatedHttpRequest, scenario_id: str) -> HttpResponse:
    scenario = get_scenario_for_user(request.user, scenario_id)
    form = AnswersForm(request.POST or None, scenario=scenario)
    if form.is_valid():
        try:
            attempt = services.record_attempt(actor=request.user, scenario_id=scenario.id, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("training:attempt", attempt_id=attempt.pk)
    return render(request, "training/scenario_detail.html", {"scenario": scenario, "form": form})


@require_GET
def attempt_result(request: AuthenticatedHttpRequest, attempt_id: int) -> HttpResponse:
    attempt = get_attempt_for_user(request.user, attempt_id)
    scenario = get_scenario_for_user(request.user, attempt.scenario_id)
    results = results_of(attempt, scenario, qualification_of(scenario))
    return render(
        request, "training/attempt_result.html", {"attempt": attempt, "scenario": scenario, "results": results}
    )


@require_GET
def my_scores(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_train(request.user):
        raise PermissionDenied
    attempts = [(attempt, find_scenario(attempt.scenario_id)) for attempt in selectors.attempts_of(request.user)]
    best = selectors.best_scores_of(request.user)
    context = {
        "attempts": [(attempt, scenario) for attempt, scenario in attempts if scenario is not None],
        "done": len(best),
        "total": len(all_scenarios()),
        "average_best": round(sum(best.values()) / len(best)) if best else None,
    }
    return render(request, "training/my_scores.html", context)


@require_GET
def agency_scores(request: AuthenticatedHttpRequest) -> HttpResponse:
    agency_ids = permissions.agencies_reviewing_training(request.user)
    if not agency_ids:
        raise PermissionDenied
    agencies = list(all_agencies().filter(pk__in=agency_ids))
    agency = next((a for a in agencies if str(a.pk) == request.GET.get("agency")), agencies[0])
    context = {"agencies": agencies, "agency": agency, "members": selectors.member_scores(agency.pk)}
    return render(request, "training/agency_scores.html", context)
