"""The identity page in the back office: chief editors set the newsroom's name per
edition, logo, icon, colour and footer."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xeber.core.errors import Invalid
from xeber.editorial.policy import Action, can
from xeber.identity.forms import IdentityForm, initial_of
from xeber.identity.models import Newsroom
from xeber.identity.selectors import APP_ICON, FALLBACK_ICON, build_identity
from xeber.identity.services import StaleIdentity, identity_update
from xeber.news.masthead import identity_of


def edit(request):
    if not can(request.user, Action.MANAGE_IDENTITY):
        raise PermissionDenied
    differences = []
    if request.method == "POST":
        form = IdentityForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                _save(request, form)
            except StaleIdentity as stale:
                messages.error(request, str(stale))
                saved = initial_of(stale.saved)
                differences = _differences(form, saved)
                form = IdentityForm(initial=saved)
            except ValidationError as error:
                _add_errors(form, error)
            except Invalid as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(request, _("Saved: readers see it on their next page."))
                return HttpResponseRedirect(request.path)
    else:
        form = IdentityForm(initial=initial_of(Newsroom.objects.filter(pk=1).first()))
    context = {
        **admin.site.each_context(request),
        "title": _("Newsroom identity"),
        "form": form,
        "differences": differences,
        "preview": build_identity(request.LANGUAGE_CODE),
    }
    return TemplateResponse(request, "identity/edit.html", context)


def _save(request, form: IdentityForm) -> None:
    identity_update(
        by=request.user,
        base_version=form.cleaned_data["base_version"],
        shared=form.shared_values(),
        editions=form.edition_values(),
        logo=form.cleaned_data["logo"] or None,
        icon=form.cleaned_data["icon"] or None,
        remove_logo=form.cleaned_data["remove_logo"],
    )


def _add_errors(form: IdentityForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _differences(form: IdentityForm, stored: dict) -> list[tuple[str, str, str]]:
    """(field's label, what you sent, what is saved now: the form's values) where they differ."""
    return [
        (_label(form, name), str(value or ""), str(stored.get(name) or ""))
        for name, value in form.cleaned_data.items()
        if name in stored and name != "base_version" and (value or "") != (stored[name] or "")
    ]


def _label(form: IdentityForm, name: str) -> str:
    edition, _underscore, _field = name.partition("_")
    label = str(form.fields[name].label)
    return f"{label} ({edition.upper()})" if edition in dict(settings.LANGUAGES) else label


def manifest(request):
    """The edition's web app manifest: what a phone shows when a reader adds the site to
    its home screen (name, icon, colour), opening on the edition's front page."""
    edition = get_language()
    identity = identity_of(edition)
    icons = [
        {"src": url, "sizes": f"{size}x{size}", "type": "image/png"}
        for size, url in identity.icons
        if size >= APP_ICON
    ] or [{"src": static(FALLBACK_ICON), "sizes": "any", "type": "image/svg+xml"}]
    data = {
        "name": identity.name,
        "short_name": identity.name,
        "description": identity.description,
        "lang": edition,
        "start_url": f"/{edition}/",
        "scope": f"/{edition}/",
        "display": "minimal-ui",
        "theme_color": identity.theme_colour,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
