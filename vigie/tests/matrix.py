"""The vocabulary of the permission matrix, shared by the central test and the rows each app adds."""

from vigie.accounts.models import Membership

Role = Membership.Role
ROLES = [
    "anonymous",
    "clerk",
    "investigator",
    "prosecutor",
    "case_worker",
    "analyst",
    "agency_admin",
    "coordinator",
    "sysadmin",
    "outsider",
    "partner",
]
REGISTER = {"clerk", "investigator", "prosecutor", "case_worker", "agency_admin"}
DELETERS = {"investigator", "prosecutor", "agency_admin"}
AGGREGATE_ONLY = {"analyst", "coordinator", "sysadmin"}
LOGIN = 302  # anonymous users are sent to the login page


def expect(
    *,
    allowed: set[str],
    ok: int = 200,
    refused_register: int = 403,
    hidden: int = 404,
    anonymous: int = LOGIN,
    outsider: int = 404,
    aggregate: int = 404,
    partner: int | None = None,
) -> dict[str, int]:
    """Expected status per role for a page about an object of our agency (ANLTP).

    allowed: roles that may use it; other register roles get `refused_register`; roles that see
    aggregates only get `aggregate` (404: the object's existence is not revealed); the NAPTIP
    investigator gets `outsider`. The partner, a case worker of an NGO the case is shared with for victim
    assistance, gets what the case worker gets unless `partner` says otherwise.
    """
    result = {"anonymous": anonymous, "outsider": outsider}
    for role in REGISTER:
        result[role] = ok if role in allowed else refused_register
    for role in AGGREGATE_ONLY:
        result[role] = ok if role in allowed else aggregate
    result["partner"] = result["case_worker"] if partner is None else partner
    return result


def everyone(status: int, anonymous: int = LOGIN) -> dict[str, int]:
    return {role: (anonymous if role == "anonymous" else status) for role in ROLES}


def api(*, allowed: set[str], ok: int = 200, partner: int | None = None) -> dict[str, int]:
    return expect(allowed=allowed, ok=ok, anonymous=401, aggregate=403, partner=partner)


# What the part of a case that is the investigation and the courts allows: its roles in the lead agency;
# the partner NGO, which the case is shared with for assistance only, gets a 403.
INVESTIGATION = {"clerk", "investigator", "prosecutor", "agency_admin"}
INVESTIGATION_DELETERS = {"investigator", "prosecutor", "agency_admin"}
# The victims' assistance: its roles in the lead agency, and the partner NGO's case worker.
ASSISTANCE = {"clerk", "case_worker", "agency_admin"}
ASSISTANCE_DELETERS = {"case_worker", "agency_admin"}

READ = expect(allowed=REGISTER)
API_READ = api(allowed=REGISTER)
API_LIST = expect(allowed=REGISTER, anonymous=401, aggregate=403, outsider=200)
DELETE = expect(allowed=DELETERS)
DECIDE = expect(allowed=DELETERS)
REGISTER_LIST = expect(allowed=REGISTER, aggregate=403, outsider=200)


# url name -> (method, keyword arguments by object name, expected status per role)
MatrixRow = tuple[str, dict[str, str], dict[str, int]]
