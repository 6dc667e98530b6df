"""Turning links into embeds when an article is saved (the save service calls
`resolve_body`): a link alone in a paragraph of its own, from an enabled provider, becomes
Xeber's embed element (markup.py), described once by its provider and kept in an Embed row.

Nothing written is lost: a link that cannot be embedded stays as it was, a provider that
cannot be reached (network, 5xx, a web page or broken JSON instead of oEmbed, a picture
that is not an image) still gives an embed, without title or picture, and every such case
is a note for the editor. The next save asks a provider again about what it could not
describe; what it did describe is never asked for again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xeber.core.html import EMBED_TAG, sanitize_html
from xeber.core.http import FetchError, fetch
from xeber.embeds import markup, oembed, providers
from xeber.embeds.models import Embed
from xeber.embeds.providers import VIDEO, Item, LinkRefused, Provider
from xeber.media.services import image_upload

# In sanitised HTML: tags, with nh3's double-quoted attributes (which may hold ">").
_TAG = re.compile(r'<(/?)([a-z][a-z0-9-]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*/?>')
VOID = {"br", "img", "source", "hr", "wbr"}
# A paragraph holding one address and nothing else, linked or not.
_LONE = re.compile(r'<p>\s*(?:<a(?:\s+[a-z-]+="[^"]*")*>\s*([^<\s]+)\s*</a>|([^<\s]+))\s*</p>')
_MAY_EMBED = re.compile(rf"://|(?:javascript|data|vbscript):|<{EMBED_TAG}", re.IGNORECASE)
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)[^/@?#]*@", re.IGNORECASE)
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://\S+|(?:javascript|data|vbscript):\S+)", re.I)


@dataclass
class Resolved:
    body: str
    warnings: list[str] = field(default_factory=list)  # for the editor, in their language


def resolve_body(body: str, *, user=None, ask: bool = True) -> Resolved:
    """The body with each lone link of an enabled provider as an embed element, and each
    existing embed element written afresh from its Embed row. With `ask` False (a preview)
    only links described before become embeds: no provider is asked, nothing is stored."""
    if not _MAY_EMBED.search(body):  # most bodies: nothing to do (Article.save sanitises)
        return Resolved(body)
    clean = sanitize_html(body)
    resolution = _Resolution(user, ask)
    pieces, last = [], 0
    for start, end in top_level_nodes(clean):
        node = clean[start:end]
        replacement = resolution.node(node)
        if replacement is not None:
            pieces += [clean[last:start], replacement]
            last = end
    pieces.append(clean[last:])
    return Resolved("".join(pieces), list(dict.fromkeys(resolution.warnings)))


def top_level_nodes(clean: str):
    """(start, end) of each top-level element of sanitised HTML."""
    depth, start = 0, 0
    for tag in _TAG.finditer(clean):
        closing, name = tag.group(1), tag.group(2)
        if name in VOID:
            continue
        if not closing:
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, tag.end()


def lone_address(paragraph: str) -> str | None:
    """The address a paragraph holds alone, or None."""
    found = _LONE.fullmatch(paragraph)
    if not found:
        return None
    text = html.unescape(found.group(1) or found.group(2))
    return text if _ADDRESS.fullmatch(text) else None


class _Resolution:
    """One body's links: each address looked up (and described) once per save."""

    def __init__(self, user, ask: bool = True) -> None:
        self.user, self.ask = user, ask
        self.warnings: list[str] = []
        self.found: dict[str, Embed | None] = {}

    def node(self, node: str) -> str | None:
        """What replaces a top-level node, or None to keep it."""
        if node.startswith(f"<{EMBED_TAG}"):
            return self._element(node)
        if not node.startswith("<p>"):
            return None
        address = lone_address(node)
        if address is None:
            return None
        embed = self.embed(address)
        return markup.element(embed, node) if embed else None

    def _element(self, node: str) -> str:
        """An embed element written before: afresh from its row, or, if its link can no
        longer be embedded, back to the paragraph the editor wrote."""
        match, block = next(markup.elements(node), (None, None))
        if match is None:
            return node
        inner = match.group(2).strip()
        address = lone_address(inner) if inner else None
        if address is None and block is not None and not inner:
            address, inner = block.url, f"<p>{html.escape(block.url, quote=False)}</p>"
        if address is None:
            return inner
        embed = self.embed(address)
        return markup.element(embed, inner) if embed else inner

    def embed(self, address: str) -> Embed | None:
        if address not in self.found:
            self.found[address] = self._look_up(address)
        return self.found[address]

    def _look_up(self, address: str) -> Embed | None:
        try:
            provider, item = providers.find(address)
        except LinkRefused as refused:
            self.warnings.append(refusal_message(refused))
            return None
        if not self.ask:
            return described(item)
        embed, problem = embed_for(provider, item, user=self.user, address=address)
        if problem:
            self.warnings.append(problem)
        return embed


def shown(address: str) -> str:
    """An address as a note shows it: short, and never with a password in it."""
    address = _USERINFO.sub(r"\1…@", address)
    return address if len(address) <= 80 else address[:79] + "…"


def refusal_message(refused: LinkRefused) -> str:
    url = shown(refused.url)
    if refused.reason == "unknown":
        names = ", ".join(provider.name for provider in providers.enabled())
        return _("%(url)s stays a plain link: Xeber embeds posts and videos of %(providers)s.") % {
            "url": url,
            "providers": names or "-",
        }
    if refused.reason == "not-an-item":
        return _(
            "%(url)s stays a plain link: it is a %(provider)s address, but not of a post or "
            "video that can be embedded."
        ) % {"url": url, "provider": refused.provider}
    reasons = {
        "scheme": _("only http and https links can be embedded"),
        "credentials": _("it carries a user name or password"),
        "private": _("it points at a private or local address"),
    }
    reason = reasons.get(refused.reason, _("it is not a valid web address"))
    return _("%(url)s was not embedded: %(reason)s.") % {"url": url, "reason": reason}


# --- one item: its row, described once -------------------------------------------------
def _row(item: Item) -> Embed | None:
    return Embed.objects.filter(url=item.canonical).select_related("thumbnail").first()


def described(item: Item) -> Embed | None:
    """The Embed row of `item` if its provider has described it already."""
    embed = _row(item)
    return embed if embed is not None and embed.described_at is not None else None


def embed_for(provider: Provider, item: Item, *, user=None, address: str = "") -> tuple[Embed, str]:
    """The Embed row of `item`, asking its provider if it has not described it yet;
    and a note for the editor ("" when all went well)."""
    embed = _row(item)
    if embed is not None and embed.described_at is not None:
        return embed, ""
    if embed is None:
        embed = Embed(
            url=item.canonical,
            provider=provider.key,
            media_id=item.media_id,
            kind=item.kind,
            player_url=provider.player(item),
        )
    problem = _describe(embed, provider, item, user, shown(address or item.canonical))
    return _saved(embed), problem


def _describe(embed: Embed, provider: Provider, item: Item, user, url: str) -> str:
    if not oembed.can_ask(provider):  # Telegram; Meta without a token: from the address
        embed.described_at, embed.problem = timezone.now(), ""
        return ""
    try:
        answer = oembed.ask(provider, item)
    except oembed.ProviderError as error:
        embed.problem = str(error)[:300]
        return _(
            "%(provider)s did not describe %(url)s (%(reason)s): it is embedded without a "
            "title or picture, and the next save asks again."
        ) % {"provider": provider.name, "url": url, "reason": error}
    embed.title = oembed.title_of(provider, answer)
    embed.author_name = answer.author_name
    if provider.key not in providers.BUILT_IN:  # a newsroom's own provider
        embed.player_url = oembed.player_from_html(answer, provider.frame_hosts)
        embed.kind = VIDEO if answer.type == "video" else embed.kind
    embed.described_at, embed.problem = timezone.now(), ""
    if answer.thumbnail_url and embed.thumbnail_id is None:
        try:
            embed.thumbnail = _thumbnail(answer.thumbnail_url, embed.title or provider.name, user)
        except ThumbnailRefused as refused:
            embed.problem = str(refused)[:300]
            return _(
                "The picture %(provider)s gave for %(url)s could not be used (%(reason)s): "
                "it is embedded without one."
            ) % {"provider": provider.name, "url": url, "reason": refused}
    return ""


class ThumbnailRefused(Exception):
    pass


def fetch_picture(url: str) -> SimpleUploadedFile:
    """A provider's picture through the one HTTP client, as an upload still to check."""
    try:
        response = fetch(url, max_bytes=settings.IMAGE_MAX_BYTES)
    except FetchError as error:
        raise ThumbnailRefused(oembed.reason_of(error)) from None
    return SimpleUploadedFile("embed-picture", response.body, response.content_type)


def _thumbnail(url: str, alt: str, user):
    """The provider's picture as one of our images, with renditions: readers never load
    it from the provider."""
    upload = fetch_picture(url)
    try:
        return image_upload(upload=upload, alt=alt[:300], user=user)
    except ValidationError as error:
        raise ThumbnailRefused(" ".join(error.messages)) from None


def _saved(embed: Embed) -> Embed:
    try:
        with transaction.atomic():
            embed.save()
    except IntegrityError:  # another save described the same address meanwhile
        return Embed.objects.select_related("thumbnail").get(url=embed.url)
    return embed
