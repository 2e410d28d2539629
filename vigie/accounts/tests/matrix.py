"""This app's rows of the permission matrix (vigie/tests/test_permission_matrix.py)."""

from typing import Any

from vigie.conftest import make_member
from vigie.tests.matrix import MatrixRow, Role, everyone, expect

# ANLTP's members are managed by its administrator and by system administrators; agencies are no secret,
# so the others get a 403.
MEMBER_ADMINS = expect(allowed={"agency_admin", "sysadmin"}, aggregate=403, outsider=403)
AGENCY_ADMINS = expect(allowed={"sysadmin"}, aggregate=403, outsider=403)

MATRIX: dict[str, MatrixRow] = {
    "accounts:me": ("GET", {}, everyone(200)),
    "accounts:password-change": ("GET", {}, everyone(200)),
    "accounts:agency-list": ("GET", {}, MEMBER_ADMINS),
    "accounts:agency-create": ("GET", {}, AGENCY_ADMINS),
    "accounts:agency-edit": ("GET", {"agency_id": "anltp"}, AGENCY_ADMINS),
    "accounts:members": ("GET", {"agency_id": "anltp"}, MEMBER_ADMINS),
    "accounts:member-create": ("GET", {"agency_id": "anltp"}, MEMBER_ADMINS),
    "accounts:member-grant": ("GET", {"agency_id": "anltp"}, MEMBER_ADMINS),
    "accounts:membership-role": ("GET", {"membership_id": "membership"}, MEMBER_ADMINS),
    "accounts:membership-end": ("GET", {"membership_id": "membership"}, MEMBER_ADMINS),
    "accounts:member-password": ("GET", {"membership_id": "membership"}, MEMBER_ADMINS),
    # Posted without a value it deactivates the member, then goes back to the list.
    "accounts:member-active": (
        "POST",
        {"membership_id": "membership"},
        expect(allowed={"agency_admin", "sysadmin"}, ok=302, aggregate=403, outsider=403),
    ),
}


def make_objects(base: dict[str, Any]) -> dict[str, Any]:
    clerk = make_member(base["anltp"], Role.DATA_CLERK, username="member-anltp")
    return {"membership": clerk.memberships.get()}
