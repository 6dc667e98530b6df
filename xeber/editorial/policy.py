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
    # Live coverage (xeber/live). The target is the article, or for LIVE_EDIT the entry.
    LIVE = "live"  # make an article live, end it, choose who posts in it
    LIVE_POST = "live_post"  # post an entry
    LIVE_EDIT = "live_edit"  # edit, delete or mark as a key event an entry
    LIVE_PIN = "live_pin"  # pin an entry to the top of the page
    # Reach (xeber/push, newsletters, the breaking desk's alert): readers are interrupted.
    ALERT = "alert"
    # Readers (xeber/analytics): what is read, per story and now, in the editor's editions.
    READS = "reads"
    # Translations (xeber/desk): a linked draft in another edition, given to a translator.
    TRANSLATE = "translate"
    # The newsroom's identity (xeber/identity): its name, logo and footer on every page.
    MANAGE_IDENTITY = "manage_identity"


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
    if action in LIVE_ACTIONS:
        return _may_cover_live(user, role, action, article)
    if action is Action.CREATE:
        return True
    if action in {Action.MANAGE_USERS, Action.DELETE, Action.MANAGE_IDENTITY}:
        return role is Role.CHIEF
    if action is Action.MANAGE_BREAKING or action is Action.VIEW_AUDIT:
        return role in EDITORS
    if action in {Action.ALERT, Action.READS, Action.TRANSLATE}:
        return role in EDITORS and _in_editions(user, article)
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


LIVE_ACTIONS = {Action.LIVE, Action.LIVE_POST, Action.LIVE_EDIT, Action.LIVE_PIN}


def _may_cover_live(user, role: Role, action: Action, target) -> bool:
    """Editors run the live pages of their editions; an author posts in a live page they
    wrote or were chosen for, and edits their own entries there."""
    article = target.article if action is Action.LIVE_EDIT else target
    if role is Role.CHIEF:
        return True
    if role is Role.EDITOR:
        return _in_editions(user, article)
    if action is Action.LIVE_POST:
        return _covers(user, article)
    if action is Action.LIVE_EDIT:
        return target.created_by_id == user.pk and _covers(user, article)
    return False


def _covers(user, article) -> bool:
    """Whether the author writes this live page: theirs, or one they were chosen for."""
    if article is None:
        return False
    if _owns(user, article):
        return True
    coverage = getattr(article, "live_coverage", None)  # xeber/live's, if any
    return coverage is not None and coverage.journalists.filter(pk=user.pk).exists()


def require(user, action: Action, article=None) -> None:
    if not can(user, action, article):
        raise PermissionDenied(f"{action} is not allowed for this user")
