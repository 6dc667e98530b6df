"""The back office's home: a desk per person (selectors.py) instead of a list of models,
which stays in the side bar and at "All sections"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from xeber.core.errors import Invalid
from xeber.core.params import whole_number
from xeber.desk.selectors import desk_for, translation_board
from xeber.editorial.policy import Action, can
from xeber.editorial.roles import editions_of
from xeber.editorial.services import translation_create
from xeber.editorial.working import display_name
from xeber.news.models import Article


def home(request):
    context = {
        **admin.site.each_context(request),
        "title": _("Desk"),
        "desk": desk_for(request.user),
    }
    return TemplateResponse(request, "desk/home.html", context)


def translations(request):
    """The translation board: the last days' stories by edition, which editions lack them,
    and a button that makes the linked draft for a chosen translator."""
    if not can(request.user, Action.TRANSLATE):
        raise PermissionDenied
    editions = editions_of(request.user)
    if request.method == "POST":
        _translate(request)
        return HttpResponseRedirect(request.path)
    translators = _translators()
    rows = [
        (
            row.story,
            [
                (edition, version, translators[edition] if edition in editions else None)
                for edition, version in row.versions.items()
            ],
        )
        for row in translation_board(editions)
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Translations"),
        "rows": rows,
        "editions": [code for code, _name in settings.LANGUAGES],
    }
    return TemplateResponse(request, "desk/translations.html", context)


def _translate(request) -> None:
    story = Article.objects.filter(pk=whole_number(request.POST.get("story"))).first()
    translator = _translators_by_id().get(whole_number(request.POST.get("translator")))
    edition = request.POST.get("edition", "")
    if story is None or translator is None:
        messages.error(request, _("Choose a story and a translator."))
        return
    try:
        draft = translation_create(
            user=request.user, article=story, edition=edition, translator=translator
        )
    except Invalid as problem:
        messages.error(request, str(problem))
    except PermissionDenied:
        messages.error(
            request, _("You do not edit the %(edition)s edition.") % {"edition": edition}
        )
    else:
        messages.success(
            request,
            _("The %(edition)s draft of “%(title)s” is with %(name)s.")
            % {"edition": edition, "title": draft.title, "name": display_name(translator)},
        )


def _translators_by_id() -> dict:
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    return {user.pk: user for user in staff.select_related("staff_profile").order_by("username")}


def _translators() -> dict[str, list[tuple[int, str]]]:
    """Per edition, who writes for it: (id, name)."""
    by_edition: dict[str, list[tuple[int, str]]] = {code: [] for code, _n in settings.LANGUAGES}
    for user in _translators_by_id().values():
        for edition in editions_of(user):
            by_edition.setdefault(edition, []).append((user.pk, display_name(user)))
    return by_edition
