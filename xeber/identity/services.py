"""Changing the newsroom's identity: one service, for the back office and anything else.
Chief editors alone may (it is on every page); a save based on an older version than
what is stored is refused with what is stored now. Readers see the change at their next
page: the page cache hears of it from pagecache/signals.py, as of any catalogue edit."""

from __future__ import annotations

import hashlib
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps

from xeber.core.errors import Invalid
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.editorial.working import display_name
from xeber.identity.models import EditionIdentity, Newsroom
from xeber.identity.selectors import APP_ICON
from xeber.media.services import check_upload
from xeber.pagecache.changes import frame_changed

SHARED_FIELDS = ("theme_colour", "phone", "email", "telegram", "facebook", "instagram", "x",
                 "youtube")  # fmt: skip
EDITION_FIELDS = ("name", "description", "address", "licence")
# A link to a network must lead to it: the footer is on every page.
NETWORK_HOSTS = {
    "telegram": {"t.me", "telegram.me"},
    "facebook": {"facebook.com", "www.facebook.com", "m.facebook.com"},
    "instagram": {"instagram.com", "www.instagram.com"},
    "x": {"x.com", "www.x.com", "twitter.com", "www.twitter.com"},
    "youtube": {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"},
}
ICON_SIZES = (32, 180, 192, 512)
ICON_SMALLEST = APP_ICON  # a phone's home screen and a push notification need at least this
LOGO_MAX_HEIGHT = 400
LOGO_MAX_WIDTH = 2000
BAND_INK = "#e9eef4"  # the header's text (static/xeber/site.css --band-ink)
MIN_CONTRAST = 4.5


class StaleIdentity(Invalid):
    """Someone saved the identity after the form was opened: `saved` is what is stored."""

    def __init__(self, saved: Newsroom):
        self.saved = saved
        super().__init__(
            _("%(name)s saved the newsroom's identity at %(time)s, after you opened it.")
            % {"name": _saver(saved), "time": f"{timezone.localtime(saved.updated_at):%H:%M}"}
        )


def _saver(newsroom: Newsroom) -> str:
    return display_name(newsroom.updated_by) if newsroom.updated_by else _("Someone")


@transaction.atomic
def identity_update(
    *, by, base_version: int, shared: dict, editions: dict[str, dict],
    logo=None, icon=None, remove_logo: bool = False,
) -> Newsroom:  # fmt: skip
    """Save what the form sent: `shared` by SHARED_FIELDS, `editions` by edition code and
    EDITION_FIELDS, new logo and icon files if any. Raises Invalid, or ValidationError by
    field, and changes nothing then. Every page shows the identity: all are refreshed."""
    require(by, Action.MANAGE_IDENTITY)
    Newsroom.objects.get_or_create(pk=1)
    newsroom = (
        Newsroom.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=1)
    )
    if newsroom.version != base_version:
        raise StaleIdentity(newsroom)
    changed = []
    for field in SHARED_FIELDS:
        value = _one_line(shared.get(field))
        if field in shared and value != getattr(newsroom, field):
            setattr(newsroom, field, value)
            changed.append(field)
    newsroom.full_clean(exclude=["logo"])
    _check_networks(newsroom)
    _check_contrast(newsroom.theme_colour)
    rows = _edition_rows(newsroom, editions, changed)
    if logo is not None:
        newsroom.logo = _stored("logo", _checked_logo(logo))
    elif remove_logo:
        newsroom.logo = ""  # its width and height go with it (ImageField)
    if icon is not None:
        newsroom.icons = _icons(icon)
    newsroom.version += 1
    newsroom.updated_by = by
    newsroom.save()
    for row in rows:
        row.save()
    changed += ["logo"] * (logo is not None or remove_logo) + ["icon"] * (icon is not None)
    AuditEntry.objects.create(user=by, action="identity", detail=", ".join(changed)[:300])
    frame_changed()
    return newsroom


def _one_line(value) -> str:
    """Every identity field is one line (a name goes into mail headers): line breaks and
    other control characters become spaces."""
    return " ".join((value or "").split())


def _luminance(colour: str) -> float:
    """WCAG's relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _check_contrast(colour: str) -> None:
    """The header's light text (BAND_INK) must stay readable on the colour (WCAG AA)."""
    light, dark = _luminance(BAND_INK), _luminance(colour)
    ratio = (max(light, dark) + 0.05) / (min(light, dark) + 0.05)
    if ratio < MIN_CONTRAST:
        raise ValidationError({"theme_colour": _(
            "The header's light text is hard to read on this colour (contrast %(ratio).1f:1, "
            "at least %(least).1f:1 needed): choose a darker one."
        ) % {"ratio": ratio, "least": MIN_CONTRAST}})  # fmt: skip


def _check_networks(newsroom: Newsroom) -> None:
    errors = {}
    for field, hosts in NETWORK_HOSTS.items():
        link = getattr(newsroom, field)
        if link:
            parts = urlsplit(link)
            if parts.scheme != "https" or parts.hostname not in hosts:
                errors[field] = _("A link here starts with https://%(host)s/.") % {
                    "host": sorted(hosts, key=len)[0]
                }
    if errors:
        raise ValidationError(errors)


def _edition_rows(
    newsroom: Newsroom, editions: dict[str, dict], changed: list[str]
) -> list[EditionIdentity]:
    """The editions' rows that `editions` changes, checked and not yet saved."""
    known = dict(settings.LANGUAGES)
    stored = {row.edition: row for row in EditionIdentity.objects.filter(newsroom=newsroom)}
    rows = []
    for edition, values in editions.items():
        if edition not in known:
            raise Invalid(_("There is no edition %(code)s.") % {"code": edition})
        row = stored.get(edition) or EditionIdentity(newsroom=newsroom, edition=edition)
        changes_before = len(changed)
        for field in EDITION_FIELDS:
            value = _one_line(values.get(field))
            if field in values and value != getattr(row, field):
                setattr(row, field, value)
                changed.append(f"{edition}:{field}")
        try:
            row.full_clean(exclude=["newsroom"], validate_unique=False)
        except ValidationError as error:
            raise ValidationError(
                {f"{edition}_{field}": messages for field, messages in error.message_dict.items()}
            ) from None
        if len(changed) > changes_before:
            rows.append(row)
    return rows


def _picture(upload, field: str) -> PillowImage.Image:
    try:
        check_upload(upload)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    with PillowImage.open(upload) as original:
        picture = ImageOps.exif_transpose(original)
        picture.load()
    upload.seek(0)
    return picture


def _stored(prefix: str, data: bytes) -> str:
    """The file's name in storage, named after its content: a new picture is a new URL (no
    cache shows an old one), and the same picture uploaded again is the same file."""
    name = f"identity/{prefix}-{hashlib.sha256(data).hexdigest()[:12]}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def _checked_logo(upload) -> bytes:
    """The logo as a PNG no taller than LOGO_MAX_HEIGHT (a header shows it 40 px high;
    twice that and more for sharp screens and for search engines' cards)."""
    picture = _picture(upload, "logo").convert("RGBA")
    picture.thumbnail((LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT), PillowImage.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _icons(upload) -> dict[str, str]:
    """Square PNGs of the icon at ICON_SIZES; a picture that is not square is centred on a
    transparent square rather than cut."""
    picture = _picture(upload, "icon").convert("RGBA")
    if min(picture.size) < ICON_SMALLEST:
        message = _(
            "The icon is %(width)d×%(height)d pixels; it must be at least %(least)d×%(least)d."
        ) % {"width": picture.width, "height": picture.height, "least": ICON_SMALLEST}
        raise ValidationError({"icon": message})
    biggest = ICON_SIZES[-1]  # first down to the largest size: a long strip makes no huge canvas
    picture.thumbnail((biggest, biggest), PillowImage.Resampling.LANCZOS)
    side = max(picture.size)
    square = PillowImage.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(picture, ((side - picture.width) // 2, (side - picture.height) // 2))
    icons = {}
    for size in ICON_SIZES:
        buffer = io.BytesIO()
        square.resize((size, size), PillowImage.Resampling.LANCZOS).save(buffer, "PNG")
        icons[str(size)] = _stored(f"icon-{size}", buffer.getvalue())
    return icons
