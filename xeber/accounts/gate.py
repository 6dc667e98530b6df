"""The back office's door for two-factor sign-in: after the password, a person with an
authenticator gives its code before anything else; one who must have one and has none
sets it up first (services.two_factor_required)."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from xeber.accounts.services import session_seen, two_factor_enrolled, two_factor_required


class TwoFactorGate:
    def __init__(self, get_response):
        self.get_response = get_response
        prefix = "/" + settings.ADMIN_URL
        self.prefix = prefix
        # Signing in and out, and the two-factor pages themselves, stay open.
        self.open = tuple(prefix + path for path in ("login/", "logout/", "two-factor/"))

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.prefix) and not path.startswith(self.open):
            user = request.user
            if user.is_authenticated:
                session_seen(request)
            if user.is_authenticated and not user.is_verified():
                step = self._step(user)
                if step:
                    target = reverse(step) + "?next=" + quote(request.get_full_path())
                    return HttpResponseRedirect(target)
        return self.get_response(request)

    @staticmethod
    def _step(user) -> str | None:
        if two_factor_enrolled(user):
            return "accounts:two-factor-verify"
        if two_factor_required(user):
            return "accounts:two-factor-setup"
        return None
