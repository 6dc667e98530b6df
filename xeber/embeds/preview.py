"""What a link will become when the article is saved: the editor's preview of an embed.

The same questions as the save (services.py), the same answers, and nothing stored: an
address already described is shown from its Embed row (our picture, the title the provider
gave); any other is asked of its provider by oEmbed through the one HTTP client, and the
provider's picture is fetched there too and handed back as a small `data:` image, so the
editor's browser asks no other site for anything (and the back office's CSP stays as it is).
"""

from __future__ import annotations

import base64
import io
from dataclasses import asdict, dataclass, replace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps

from xeber.embeds import markup, oembed, providers
from xeber.embeds.models import Embed
from xeber.embeds.providers import Item, LinkRefused, Provider
from xeber.embeds.services import ThumbnailRefused, fetch_picture, refusal_message, shown
from xeber.media.services import check_upload

PICTURE_WIDTH = 480  # wide enough for the preview card, small enough to send inline


@dataclass(frozen=True)
class Preview:
    embeddable: bool
    message: str = ""  # why not, or what the embed will lack; in the editor's language
    provider: str = ""
    provider_name: str = ""
    url: str = ""  # the provider's own address of the post or video
    title: str = ""
    thumbnail: str = ""  # our rendition's address, or the provider's picture as data:

    def as_dict(self) -> dict:
        return asdict(self)


def preview_link(address: str) -> Preview:
    """What the save would make of `address` alone in a paragraph."""
    try:
        provider, item = providers.find(address)
    except LinkRefused as refused:
        return Preview(embeddable=False, message=refusal_message(refused))
    embed = (
        Embed.objects.filter(url=item.canonical, described_at__isnull=False)
        .select_related("thumbnail")
        .first()
    )
    if embed is not None:
        return _from_row(embed)
    return _from_provider(provider, item, shown(address))


def _from_row(embed: Embed) -> Preview:
    """An address described before: exactly the block the save writes into the body."""
    [block] = markup.blocks(markup.element(embed, ""))
    return Preview(
        embeddable=True,
        provider=block.provider,
        provider_name=block.provider_name,
        url=block.url,
        title=block.title,
        thumbnail=block.thumbnail,
    )


def _from_provider(provider: Provider, item: Item, address: str) -> Preview:
    found = Preview(
        embeddable=True, provider=provider.key, provider_name=provider.name, url=item.canonical
    )
    if not oembed.can_ask(provider):  # Telegram; Meta without a token: the address alone
        return found
    try:
        answer = oembed.ask(provider, item)
    except oembed.ProviderError as error:
        message = _(
            "%(provider)s did not describe %(url)s (%(reason)s): it will be embedded without "
            "a title or picture, and saving asks again."
        ) % {"provider": provider.name, "url": address, "reason": error}
        return replace(found, message=message)
    title = oembed.title_of(provider, answer)
    if not answer.thumbnail_url:
        return replace(found, title=title)
    try:
        thumbnail, message = _inline_picture(answer.thumbnail_url), ""
    except ThumbnailRefused as refused:
        thumbnail = ""
        message = _(
            "The picture %(provider)s gives for %(url)s cannot be used (%(reason)s): it will "
            "be embedded without one."
        ) % {"provider": provider.name, "url": address, "reason": refused}
    return replace(found, title=title, thumbnail=thumbnail, message=message)


def _inline_picture(url: str) -> str:
    """The provider's picture, checked as an upload is and made small, as a data: URL."""
    upload = fetch_picture(url)
    try:
        check_upload(upload)
    except ValidationError as error:
        raise ThumbnailRefused(" ".join(error.messages)) from None
    with PillowImage.open(upload) as original:
        picture = ImageOps.exif_transpose(original).convert("RGB")
    picture.thumbnail((PICTURE_WIDTH, PICTURE_WIDTH))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=75)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
