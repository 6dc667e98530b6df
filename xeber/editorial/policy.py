"""Who may do what: the one place where the back office's permissions are decided.

Every admin view and every workflow service asks `can()`; the permission matrix test
(tests/test_editorial_permissions.py) walks each role through each action over HTTP.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from xeber.editorial.roles import Role, editions_of, role_of


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"
    RETURN = "return"  # send back to the author as a draft
    DELETE = "delete"
    RESTORE = "restore"  # a revision
    CORRECT = "correct"  # add a correction note that readers see
    MANAGE_BREAKING = "manage_breaking"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"


EDITORS = {Role.EDITOR, Role.CHIEF}
EDITOR_ACTIONS = {
    Action.VIEW, Action.EDIT, Action.SUBMIT, Action.PUBLISH, Action.SCHEDULE,
    Action.UNPUBLISH, Action.RETURN, Action.RESTORE, Action.CORRECT,
}  # fmt: skip


def _owns(user, article) -> bool:
    return article is not None and article.created_by_id == user.pk


def _in_editions(user, article) -> bool:
    return article is None or article.edition in editions_of(user)


def can(user, action: Action, article=None) -> bool:
    if user is not None and user.is_active and user.is_superuser:
        return True
    role = role_of(user)
    if role is None:
        return False
    if action is Action.CREATE:
        return True
    if action is Action.MANAGE_USERS or action is Action.DELETE:
        return role is Role.CHIEF
    if action is Action.MANAGE_BREAKING or action is Action.VIEW_AUDIT:
        return role in EDITORS
    if role is Role.AUTHOR:
        # Authors see their own articles and work on them only while they are drafts.
        if action is Action.VIEW:
            return _owns(user, article)
        if action in {Action.EDIT, Action.SUBMIT}:
            return _owns(user, article) and (article is None or article.state == "draft")
        return False
    if role is Role.CHIEF:
        return action in EDITOR_ACTIONS
    return action in EDITOR_ACTIONS and _in_editions(user, article)


def require(user, action: Action, article=None) -> None:
    if not can(user, action, article):
        raise PermissionDenied(f"{action} is not allowed for this user")
