"""Links that readers click to someone's pages elsewhere (an author's Telegram, X, website).

Such a link is a web address and nothing else: never `javascript:`, `data:` or `ftp:`; a
network's link points at that network, so a "Telegram" link cannot send readers to some
other site. The validator runs where links are entered; `is_web_link` is the cheap check
the pages make again as they write links out, in case a row was written some other way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
_WEB_PREFIXES = tuple(f"{scheme}://" for scheme in WEB_SCHEMES)
_web_address = URLValidator(schemes=list(WEB_SCHEMES))


def is_web_link(value: str) -> bool:
    """Whether a stored link may be written out as a link (an http or https address)."""
    return value.lower().startswith(_WEB_PREFIXES)


@deconstructible
class WebLinkValidator:
    """An http or https address; with `sites`, on one of those sites or their subdomains."""

    def __init__(self, sites: tuple[str, ...] = ()) -> None:
        self.sites = tuple(sites)

    def __call__(self, value: str) -> None:
        try:
            _web_address(value)
        except ValidationError:
            raise ValidationError(
                _("Enter a web address that starts with https:// or http://."), code="scheme"
            ) from None
        host = (urlsplit(value).hostname or "").lower()
        if self.sites and not any(host == site or host.endswith(f".{site}") for site in self.sites):
            raise ValidationError(
                _("Enter an address on %(sites)s."),
                code="site",
                params={"sites": ", ".join(self.sites)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebLinkValidator) and self.sites == other.sites

    def __hash__(self) -> int:
        return hash(self.sites)
