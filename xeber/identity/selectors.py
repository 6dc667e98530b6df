"""What readers' pages, feeds, structured data, e-mails and pushes show of the newsroom.

An edition's identity is read with its header (news/masthead.py builds it into the
masthead, which is cached and held per process), so a page pays no query for it; anything
else asks `news.masthead.identity_of(edition)`, which reads the same held copy."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext

from xeber.identity.models import DEFAULT_COLOUR, EditionIdentity, Newsroom

# The networks a footer links to, in the order shown, with the field that holds each.
SOCIAL = (("telegram", "Telegram"), ("facebook", "Facebook"), ("instagram", "Instagram"),
          ("x", "X"), ("youtube", "YouTube"))  # fmt: skip
FALLBACK_ICON = "xeber/favicon.svg"  # a static file, until the newsroom uploads its own
APP_ICON = 192  # the icon a phone's home screen or a notification shows (its smallest size)


@dataclass(frozen=True)
class Identity:
    edition: str
    name: str
    description: str
    theme_colour: str = DEFAULT_COLOUR
    logo_url: str = ""
    logo_width: int = 0
    logo_height: int = 0
    icons: tuple[tuple[int, str], ...] = ()  # (size in pixels, URL), smallest first
    address: str = ""
    phone: str = ""
    email: str = ""
    licence: str = ""
    social: tuple[tuple[str, str], ...] = ()  # (network's name, URL)

    def icon(self, size: int) -> str:
        """The URL of the smallest icon at least `size` pixels wide ("" if none)."""
        return next((url for width, url in self.icons if width >= size), "")

    @property
    def apple_icon(self) -> str:
        return self.icon(180)

    @property
    def app_icon(self) -> str:
        return self.icon(APP_ICON)

    @property
    def phone_link(self) -> str:
        """The number for a tel: link: its digits, and a leading +."""
        return "".join(char for char in self.phone if char.isdigit() or char == "+")

    @property
    def theme_style(self) -> str:
        """The header band in the newsroom's colour (a page's one inline style, allowed by
        its hash: middleware.py); "" while it is the default, so pages stay as they were."""
        if self.theme_colour.lower() == DEFAULT_COLOUR:
            return ""
        return f":root{{--band:{self.theme_colour.lower()}}}"

    @property
    def has_footer(self) -> bool:
        return bool(self.address or self.phone or self.email or self.licence or self.social)


def build_identity(edition: str) -> Identity:
    """The edition's identity from the database (two queries; callers cache it)."""
    newsroom = Newsroom.objects.filter(pk=1).first()
    own = EditionIdentity.objects.filter(newsroom_id=1, edition=edition).first()
    with translation.override(edition):
        description = (own and own.description) or gettext("News of Azerbaijan and the world")
    identity = Identity(
        edition=edition,
        name=(own and own.name) or settings.SITE_NAME,
        description=description,
        address=own.address if own else "",
        licence=own.licence if own else "",
    )
    if newsroom is None:
        return identity
    return _with_shared(identity, newsroom)


def _with_shared(identity: Identity, newsroom: Newsroom) -> Identity:
    return replace(
        identity,
        theme_colour=newsroom.theme_colour,
        logo_url=newsroom.logo.url if newsroom.logo else "",
        logo_width=newsroom.logo_width or 0,
        logo_height=newsroom.logo_height or 0,
        icons=tuple(
            sorted((int(size), default_storage.url(name)) for size, name in newsroom.icons.items())
        ),
        phone=newsroom.phone,
        email=newsroom.email,
        social=tuple(
            (label, getattr(newsroom, field)) for field, label in SOCIAL if getattr(newsroom, field)
        ),
    )
