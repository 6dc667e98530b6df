"""WordPress export (WXR) files, parsed into typed records before anything is stored.

Only what a newsroom migrates is read: authors, categories, tags, posts, pages and
attachments. defusedxml refuses DTDs, entity expansion and external entities; a file
that is not a WXR export is refused whole, with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

MAX_BYTES = 64 * 1024 * 1024
NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
# Exports name the same namespaces in several spellings (https since WordPress.com 2015,
# older versions): all are read as the 1.2 names above.
ALIASES = {
    f"{scheme}://wordpress.org/export/{version}/{suffix}": NS[key]
    for scheme in ("http", "https")
    for version in ("1.0", "1.1", "1.2")
    for key, suffix in (("excerpt", "excerpt/"), ("wp", ""))
}


class WxrError(ValueError):
    pass


@dataclass(frozen=True)
class WxrAuthor:
    login: str
    name: str


@dataclass(frozen=True)
class WxrTerm:
    slug: str
    name: str


@dataclass
class WxrItem:
    wp_id: int
    kind: str  # post, page, attachment, nav_menu_item...
    status: str  # publish, draft, future, pending, private, trash, inherit
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    published_at: dt.datetime | None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    attachment_url: str = ""
    thumbnail_id: int | None = None
    parent: int | None = None  # an attachment's post: `[gallery]` without ids shows them
    menu_order: int = 0
    alt: str = ""  # an attachment's alternative text
    credit: str = ""  # an attachment's credit line, when WordPress read one from the file


@dataclass
class WxrExport:
    authors: list[WxrAuthor]
    categories: list[WxrTerm]
    tags: list[WxrTerm]
    items: list[WxrItem]


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _date(item: Element) -> dt.datetime | None:
    raw = _text(item.find("wp:post_date_gmt", NS))
    if not raw or raw.startswith("0000"):
        raw = _text(item.find("wp:post_date", NS))
    if not raw or raw.startswith("0000"):
        return None
    try:
        return dt.datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _number(text: str) -> int | None:
    return int(text) if text.isdecimal() else None


def _image_credit(metadata: str) -> str:
    """The credit (else the copyright) of `_wp_attachment_metadata`, PHP-serialised: a
    string is `s:<length in bytes>:"<bytes>";`, so it is cut by length, not by quotes."""
    raw = metadata.encode()
    for key in (b"credit", b"copyright"):
        found = re.search(rb's:%d:"%s";s:(\d+):"' % (len(key), key), raw)
        if found:
            value = raw[found.end() : found.end() + int(found.group(1))]
            if value.strip():
                return value.decode(errors="replace").strip()
    return ""


def _item(element: Element) -> WxrItem:
    def wp(tag: str) -> str:
        return _text(element.find(f"wp:{tag}", NS))

    meta = {
        _text(m.find("wp:meta_key", NS)): _text(m.find("wp:meta_value", NS))
        for m in element.findall("wp:postmeta", NS)
    }
    terms = element.findall("category")
    return WxrItem(
        wp_id=int(wp("post_id") or 0),
        kind=wp("post_type") or "post",
        status=wp("status") or "draft",
        title=_text(element.find("title")),
        link=_text(element.find("link")),
        guid=_text(element.find("guid")),
        creator=_text(element.find("dc:creator", NS)),
        content=(element.findtext("content:encoded", "", NS) or ""),
        excerpt=_text(element.find("excerpt:encoded", NS)),
        published_at=_date(element),
        categories=[t.get("nicename", "") for t in terms if t.get("domain") == "category"],
        tags=[t.get("nicename", "") for t in terms if t.get("domain") == "post_tag"],
        attachment_url=wp("attachment_url"),
        thumbnail_id=_number(meta.get("_thumbnail_id", "")),
        parent=_number(wp("post_parent")) or None,
        menu_order=_number(wp("menu_order")) or 0,
        alt=meta.get("_wp_attachment_image_alt", ""),
        credit=_image_credit(meta.get("_wp_attachment_metadata", "")),
    )


def _normalise_namespace(data: bytes) -> bytes:
    for alias in sorted(ALIASES, key=len, reverse=True):  # excerpt/ before the bare one
        data = data.replace(f'"{alias}"'.encode(), f'"{ALIASES[alias]}"'.encode())
    return data


def parse_wxr(path: Path) -> WxrExport:
    """Read a whole export or refuse it with a WxrError that says why."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WxrError(f"{path}: {size // 2**20} MB is over the {MAX_BYTES // 2**20} MB limit")
    try:
        root = safe_xml.fromstring(_normalise_namespace(path.read_bytes()), forbid_dtd=True)
    except DefusedXmlException as error:
        raise WxrError(f"{path}: refused unsafe XML ({type(error).__name__})") from None
    except ParseError as error:
        raise WxrError(f"{path}: not well-formed XML ({error})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or channel.find("wp:wxr_version", NS) is None:
        raise WxrError(f"{path}: not a WordPress export (no <wp:wxr_version> in the channel)")
    return WxrExport(
        authors=[
            WxrAuthor(
                _text(a.find("wp:author_login", NS)), _text(a.find("wp:author_display_name", NS))
            )
            for a in channel.findall("wp:author", NS)
        ],
        categories=[
            WxrTerm(_text(c.find("wp:category_nicename", NS)), _text(c.find("wp:cat_name", NS)))
            for c in channel.findall("wp:category", NS)
        ],
        tags=[
            WxrTerm(_text(t.find("wp:tag_slug", NS)), _text(t.find("wp:tag_name", NS)))
            for t in channel.findall("wp:tag", NS)
        ],
        items=[_item(item) for item in channel.findall("item")],
    )
