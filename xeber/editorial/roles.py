"""The newsroom's roles: author, editor, chief editor, as Django groups.

Groups carry the model permissions the admin needs to show its menus; what a person may
do to one article is decided by policy.py, which also knows who wrote it and its edition.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    AUTHOR = "author"
    EDITOR = "editor"
    CHIEF = "chief"


GROUP_NAMES = {Role.AUTHOR: "Authors", Role.EDITOR: "Editors", Role.CHIEF: "Chief editors"}

_AUTHOR_PERMS = [
    "news.add_article",
    "news.change_article",
    "news.view_article",
    "news.view_section",
    "news.view_tag",
    "news.view_author",
    "media.add_image",
    "media.view_image",
    # Galleries: whoever writes may make one; only a chief editor deletes one.
    "media.add_gallery",
    "media.change_gallery",
    "media.view_gallery",
    "media.add_galleryitem",
    "media.change_galleryitem",
    "media.delete_galleryitem",
    "media.view_galleryitem",
]
_EDITOR_PERMS = [
    *_AUTHOR_PERMS,
    "news.add_section",
    "news.change_section",
    "news.add_tag",
    "news.change_tag",
    "news.add_author",
    "news.change_author",
    "news.add_authorprofile",
    "news.change_authorprofile",
    "news.view_authorprofile",
    "news.delete_authorprofile",
    "news.add_breakingnews",
    "news.change_breakingnews",
    "news.view_breakingnews",
    "news.delete_breakingnews",
    "media.change_image",
    "editorial.view_auditentry",
    "editorial.view_revision",
    "rates.view_rate",
    "rates.view_fetchattempt",
    "syndication.add_feedsubscription",
    "syndication.change_feedsubscription",
    "syndication.view_feedsubscription",
    # What was sent where, and a "try again" (xeber/deliveries/admin.py).
    "deliveries.view_delivery",
    "deliveries.change_delivery",
    # Alerts to readers (xeber/push): sent and seen, never edited.
    "push.add_pushalert",
    "push.view_pushalert",
]
_CHIEF_PERMS = [
    *_EDITOR_PERMS,
    "news.delete_article", "news.delete_section", "news.delete_tag", "media.delete_gallery",
    "auth.add_user", "auth.change_user", "auth.view_user", "auth.view_group",
    "editorial.add_staffprofile", "editorial.change_staffprofile", "editorial.view_staffprofile",
    "telegram.add_telegramchannel", "telegram.change_telegramchannel",
    "telegram.view_telegramchannel", "telegram.delete_telegramchannel",
]  # fmt: skip
ROLE_PERMISSIONS = {
    Role.AUTHOR: _AUTHOR_PERMS,
    Role.EDITOR: _EDITOR_PERMS,
    Role.CHIEF: _CHIEF_PERMS,
}


def ensure_role_groups() -> None:
    """Create the three groups with their permissions (idempotent; runs after migrate)."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission:
                permissions.append(permission)
        group.permissions.set(permissions)


def role_of(user) -> Role | None:
    """The highest role a user holds (cached on the user object for the request)."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    if not hasattr(user, "_xeber_role"):
        names = set(user.groups.values_list("name", flat=True))
        user._xeber_role = next(
            (role for role in (Role.CHIEF, Role.EDITOR, Role.AUTHOR) if GROUP_NAMES[role] in names),
            None,
        )
    return user._xeber_role


def editions_of(user) -> list[str]:
    profile = getattr(user, "staff_profile", None)
    from xeber.editorial.models import all_editions

    return list(profile.editions) if profile else all_editions()


def assign_role(user, role: Role) -> None:
    user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()))
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    if hasattr(user, "_xeber_role"):
        del user._xeber_role
