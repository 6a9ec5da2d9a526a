"""Access helpers shared by every app's views.

- Anonymous users are sent to the login page.
- A logged-in user without the role gets 403 for a staff page.
- An object outside the user's scope is a 404 (we do not reveal that it exists).
- An object the user may see but not change is a 403 on a write view.

Models take part by offering ``QuerySet.for_user(user)`` (what the user may see) and
``obj.can_change(user)``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from saarlouis_portal.konten.roles import Rolle

ALLE_ROLLEN = tuple(Rolle)


def is_staff_member(user) -> bool:
    """Somebody with at least one portal role (or an administrator)."""
    return user.is_authenticated and user.has_rolle(*ALLE_ROLLEN)


def rolle_required(*rollen: Rolle):
    """Decorator: the view needs one of ``rollen`` (default: any portal role)."""
    needed = rollen or ALLE_ROLLEN

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_rolle(*needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_visible_or_404(queryset, user, **lookup):
    return get_object_or_404(queryset.for_user(user), **lookup)


def get_changeable_or_403(queryset, user, **lookup):
    obj = get_visible_or_404(queryset, user, **lookup)
    if not obj.can_change(user):
        raise PermissionDenied
    return obj
