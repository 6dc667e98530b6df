"""Setting up an authenticator and giving its code at sign-in (gate.py sends people here).
Both are behind the admin's own sign-in (urls.py: admin_view)."""

from __future__ import annotations

from urllib.parse import quote

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from xeber.accounts import passkeys, services
from xeber.accounts.models import PasskeyDevice, SignIn
from xeber.core.errors import Invalid
from xeber.core.params import whole_number
from xeber.editorial.policy import Action, require
from xeber.editorial.working import display_name
from xeber.news.masthead import newsroom_name


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/" + settings.ADMIN_URL


def _page(request, template: str, context: dict):
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "next": _next(request), **context}
    )


def setup(request):
    user = request.user
    if not user.is_verified() and services.two_factor_enrolled(user):
        # A password alone never replaces an enrolled authenticator: the code comes first.
        return HttpResponseRedirect(reverse("accounts:two-factor-verify") + "?next=" + request.path)
    device = services.enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enrol(user=user, code=form.cleaned_data["code"])
        except Invalid as problem:
            form.add_error("code", str(problem))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            context = {"title": _("Recovery codes"), "codes": codes}
            return _page(request, "accounts/recovery_codes.html", context)
    qr = segno.make(device.config_url, error="m")
    return _page(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": _("Set up two-factor sign-in"),
            "form": form,
            "qr": mark_safe(qr.svg_inline(scale=4, dark="#000", light="#fff")),  # our own SVG
            "secret": services.secret_of(device),
            "required": services.two_factor_required(user),
        },
    )


def verify(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = services.two_factor_wait(request.user)  # before: a wrong code starts one
        device = services.two_factor_check(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("code", _code_refused(wait))
    context = {
        "title": _("Your code"),
        "form": form,
        "has_passkeys": PasskeyDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return _page(request, "accounts/two_factor_verify.html", context)


def _code_refused(wait: int) -> str:
    if wait > 0:  # the app's code was not even checked
        return ngettext(
            "Too many wrong codes: the next one is checked in %(seconds)d second.",
            "Too many wrong codes: the next one is checked in %(seconds)d seconds.",
            wait,
        ) % {"seconds": wait}
    return _("That code is not right, or was used already.")


def sessions(request):
    """Where one is signed in, each session with a button to end it; a chief editor sees
    and ends a colleague's (?user=<id>)."""
    person = request.user
    asked = whole_number(request.GET.get("user") or request.POST.get("user"))
    if asked is not None and asked != request.user.pk:
        require(request.user, Action.MANAGE_USERS)
        person = get_object_or_404(get_user_model(), pk=asked)
    current = request.session.session_key
    if request.method == "POST":
        _end(request, person, current)
        return HttpResponseRedirect(request.get_full_path())
    context = {
        "title": _("Sessions of %(name)s") % {"name": display_name(person)},
        "person": person,
        "sign_ins": services.sessions_of(person),
        "current": current,
        "passkeys": passkeys.passkeys_of(person) if person == request.user else None,
    }
    return _page(request, "accounts/sessions.html", context)


def _end(request, person, current: str) -> None:
    if request.POST.get("all"):
        ended = services.sessions_end_all(by=request.user, user=person, keep=current)
        messages.success(request, _("Signed out of %(count)d sessions.") % {"count": ended})
        return
    sign_in = SignIn.objects.filter(user=person, pk=whole_number(request.POST.get("end"))).first()
    if sign_in is not None:
        services.session_end(by=request.user, sign_in=sign_in)
        messages.success(request, _("Signed out of that session."))


# --- Passkeys (passkeys.py): JSON for static/accounts/passkeys.js ---------------------------

RECOVERY_CODES_KEY = "recovery-codes-once"


def _json_error(problem, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": str(problem)}, status=status)


@require_http_methods(["GET", "POST"])
def passkey_register(request):
    """GET: the options to create a passkey; POST: the browser's answer. A person with no
    second factor enrols with it (and gets recovery codes); one enrolled adds it only from
    a verified session."""
    user = request.user
    enrolled = services.two_factor_enrolled(user)
    if enrolled and not user.is_verified():
        return _json_error(_("Give your code or use your passkey first."), status=403)
    if request.method == "GET":
        options = passkeys.registration_options(request, newsroom_name())
        return HttpResponse(options, content_type="application/json")
    try:
        device = passkeys.passkey_register(request)
    except Invalid as problem:
        return _json_error(problem)
    otp_login(request, device)
    target = _next(request)
    if not enrolled:
        request.session[RECOVERY_CODES_KEY] = services.recovery_codes_renew(user)
        target = reverse("accounts:recovery-codes") + "?next=" + quote(target)
    return JsonResponse({"next": target})


@require_http_methods(["GET", "POST"])
def passkey_verify(request):
    """GET: the options to sign in with one's passkeys; POST: the browser's answer."""
    if request.method == "GET":
        options = passkeys.authentication_options(request)
        if options is None:
            return _json_error(_("You have no passkey here."), status=404)
        return HttpResponse(options, content_type="application/json")
    try:
        device = passkeys.passkey_check(request)
    except Invalid as problem:
        return _json_error(problem)
    otp_login(request, device)
    return JsonResponse({"next": _next(request)})


def recovery_codes(request):
    """The recovery codes made when a passkey was someone's first second factor, once."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if not codes:
        return HttpResponseRedirect(_next(request))
    context = {"title": _("Recovery codes"), "codes": codes}
    return _page(request, "accounts/recovery_codes.html", context)


@require_POST
def passkey_remove(request):
    if passkeys.passkey_remove(user=request.user, pk=whole_number(request.POST.get("passkey"))):
        messages.success(request, _("The passkey is removed."))
    return HttpResponseRedirect(reverse("accounts:sessions"))
