"""Setting up an authenticator and giving its code at sign-in (gate.py sends people here).
Both are behind the admin's own sign-in (urls.py: admin_view)."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login

from xeber.accounts import services
from xeber.core.errors import Invalid


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
        device = services.two_factor_check(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        form.add_error("code", _("That code is not right, or was used already."))
    context = {"title": _("Your code"), "form": form}
    return _page(request, "accounts/two_factor_verify.html", context)
