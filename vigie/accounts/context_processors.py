from typing import Any

from django.http import HttpRequest

from vigie.accounts import permissions


def access(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "can_use_register": permissions.can_use_register(user),
        "can_view_statistics": permissions.can_view_statistics(user),
        "can_read_audit": permissions.can_read_audit(user),
        "can_train": permissions.can_train(user),
        "can_see_imports": permissions.can_import(user) or permissions.can_list_all_imports(user),
        "can_review_training": bool(permissions.agencies_reviewing_training(user)),
        "can_manage_members": permissions.can_manage_members_somewhere(user),
    }
