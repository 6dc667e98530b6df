"""Galleries and our own images in an article's body, expanded when the article is saved.

An editor writes `[gallery 12]` or `[image 7]` as a paragraph of its own, or puts one of our
images (by its /media/ address) in a figure. The save service (xeber/editorial/services.py)
expands each into final HTML: `<figure class="gallery" data-gallery="12">`, a grid of
<picture>s with srcset from the renditions, each linked to its largest copy for the
lightbox, and `<figure class="image" data-image="7">`, one <picture> with its caption and
credit. A page prints the stored body and reads nothing more: the article page keeps its two
queries. The sanitiser keeps exactly these elements (xeber/core/html.py), so every later
save keeps them; a gallery or an image edited afterwards is expanded again in the articles
that show it (xeber/editorial/galleries.py). `body_for_editor` folds them back into what an
editor writes, for the rich-text editor, which knows nothing of them.

Nothing an editor wrote is lost: a gallery or image that does not exist keeps its paragraph
(and the editor is told), a gallery deleted later keeps its last expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.template.loader import get_template
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from xeber.core.html import format_markup, sanitize_html
from xeber.media.models import Gallery, GalleryItem, Image, Rendition

# In sanitised HTML (nh3 writes attributes double-quoted, in the order they came).
# Spaces as the rich-text editor may leave them: no-break ones, a trailing line break.
_SPACE = r"(?:\s|&nbsp;)"
SHORTCODE = re.compile(
    rf"<p>{_SPACE}*\[(gallery|image){_SPACE}+(\d{{1,18}}){_SPACE}*\]{_SPACE}*(?:<br>{_SPACE}*)?</p>",
    re.IGNORECASE,
)
FIGURE_TAG = re.compile(r"<(/?)figure\b([^>]*)>")
MAYBE_BLOCKS = re.compile(r"\[(?:gallery|image)\b|<figure", re.IGNORECASE)
OURS = {
    "gallery": re.compile(r'^ class="gallery" data-gallery="(\d+)"'),
    "image": re.compile(r'^ class="image" data-image="(\d+)"'),
}
IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"')
IMG_ALT = re.compile(r'<img\b[^>]*?\balt="([^"]*)"')
FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.DOTALL)
CREDIT = re.compile(r'\s*<span class="credit">.*?</span>', re.DOTALL)
GALLERY_SIZES = "(min-width: 48rem) 14rem, 50vw"
FIGURE_SIZES = "(min-width: 48rem) 44rem, 100vw"


@dataclass(frozen=True)
class Block:
    """A gallery or image of a body: its place, what it is, and what it holds now."""

    start: int
    end: int
    kind: str  # "gallery", "image" (ours, by number), "figure" (an editor's), "other"
    number: int | None
    inner: str = ""  # the figure's content


@dataclass
class Expanded:
    html: str
    problems: list[str] = field(default_factory=list)  # for the editor, in their language


def blocks(html: str) -> list[Block]:
    """The top-level figures and the gallery and image paragraphs of sanitised HTML."""
    found: list[Block] = []
    depth, opening = 0, None
    for tag in FIGURE_TAG.finditer(html):
        if not tag.group(1):
            depth, opening = depth + 1, (opening if depth else tag)
            continue
        if depth == 0:
            continue
        depth -= 1
        if depth == 0:
            found.append(_figure(html, opening, tag))
    inside = [(block.start, block.end) for block in found]
    for code in SHORTCODE.finditer(html):
        if not any(start <= code.start() < end for start, end in inside):
            found.append(Block(code.start(), code.end(), code.group(1).lower(), int(code.group(2))))
    return sorted(found, key=lambda block: block.start)


def _figure(html: str, opening: re.Match, closing: re.Match) -> Block:
    inner = html[opening.end() : closing.start()]
    for kind, pattern in OURS.items():
        if number := pattern.match(opening.group(2)):
            return Block(opening.start(), closing.end(), kind, int(number.group(1)), inner)
    # An editor's figure has no class once sanitised; any other is another app's element
    # (an embed, say), never touched here.
    kind = "other" if "class=" in opening.group(2) else "figure"
    return Block(opening.start(), closing.end(), kind, None, inner)


def has_gallery(html: str) -> bool:
    """Whether a stored body shows a gallery (the page then loads the lightbox)."""
    return '<figure class="gallery" data-gallery="' in html


def lightbox_script() -> SafeString:
    """The lightbox's script tag (static/xeber/gallery.js), which carries the addresses of
    its files and its words in the page's language. Written once per language: its six
    words and four addresses were a third of what a gallery added to the uncached page
    (bench/rich.py)."""
    return _lightbox_script(translation.get_language())


@lru_cache(maxsize=8)
def _lightbox_script(language: str | None) -> SafeString:
    vendor = "xeber/vendor/photoswipe/"
    with translation.override(language):
        return format_markup(
            '<script type="module" src="{}" data-lightbox="{}" data-core="{}" data-css="{}"'
            ' data-close="{}" data-previous="{}" data-next="{}" data-zoom="{}" data-error="{}"'
            ' data-label="{}"></script>',
            static("xeber/gallery.js"),
            static(f"{vendor}photoswipe-lightbox.esm.min.js"),
            static(f"{vendor}photoswipe.esm.min.js"),
            static(f"{vendor}photoswipe.css"),
            _("Close"),
            _("Previous"),
            _("Next"),
            _("Zoom"),
            _("The picture cannot be loaded."),
            _("Photo gallery"),
        )


def lead_gallery(html: str) -> tuple[str, str]:
    """A photo report's first gallery, and the body without it (the page shows it first)."""
    for block in blocks(html):
        if block.kind == "gallery" and block.inner:
            return html[block.start : block.end], html[: block.start] + html[block.end :]
    return "", html


# --- expanding, at save time -----------------------------------------------------------
def expand_body(body: str, *, language: str) -> Expanded:
    """The body with every gallery and image of ours in its final HTML, read afresh. A
    body with none is given back as it came (the article's save sanitises it): imports
    save thousands."""
    if not MAYBE_BLOCKS.search(body):
        return Expanded(body)
    html = sanitize_html(body)
    found = blocks(html)
    if not found:
        return Expanded(html)
    reading = _Reading(found, language)
    pieces, problems, last = [], [], 0
    for block in found:
        pieces.append(html[last : block.start])
        pieces.append(reading.render(block, html[block.start : block.end], problems))
        last = block.end
    pieces.append(html[last:])
    return Expanded(sanitize_html("".join(pieces)), problems)


class _Reading:
    """What the blocks of one body need from the database: at most five queries, none
    for a body without galleries or images of ours. Readers' words are in the edition's
    `language`, the problems in the editor's."""

    def __init__(self, found: list[Block], language: str) -> None:
        self.language = language
        gallery_ids = {block.number for block in found if block.kind == "gallery"}
        items = GalleryItem.objects.select_related("image").order_by("position", "id")
        self.galleries = (
            Gallery.objects.prefetch_related(Prefetch("items", queryset=items)).in_bulk(gallery_ids)
            if gallery_ids
            else {}
        )
        self.by_name = _images_by_name(
            {name for block in found if block.kind == "figure" if (name := _our_name(block))}
        )
        wanted = {block.number for block in found if block.kind == "image"}
        wanted |= set(self.by_name.values())
        self.images = Image.objects.in_bulk(wanted) if wanted else {}

    def render(self, block: Block, original: str, problems: list[str]) -> str:
        if block.kind == "gallery":
            return self._gallery(block, original, problems)
        if block.kind == "other":
            return original
        if block.kind == "figure":
            name = _our_name(block)
            image = self.images.get(self.by_name.get(name)) if name else None
            return self._figure(image, _caption(block.inner)) if image else original
        image = self.images.get(block.number)
        if image is None:
            problems.append(_("Image %(number)s does not exist.") % {"number": block.number})
            return original
        return self._figure(image, _caption(block.inner) if block.inner else None)

    def _gallery(self, block: Block, original: str, problems: list[str]) -> str:
        gallery = self.galleries.get(block.number)
        if gallery is None:
            problems.append(
                _("Gallery %(number)s does not exist: “%(text)s” was kept as it was.")
                % {"number": block.number, "text": f"[gallery {block.number}]"}
            )
            return original
        items = list(gallery.items.all())
        if not items:
            problems.append(_("Gallery %(number)s has no pictures yet.") % {"number": gallery.pk})
        context = {"gallery": gallery, "items": list(map(_shown, items)), "sizes": GALLERY_SIZES}
        with translation.override(self.language):
            return get_template("media/gallery.html", using="jinja2").render(context).strip()

    def _figure(self, image: Image, caption: str | None) -> str:
        """`caption`: the sanitised markup of an editor's figcaption; None for the
        image's own caption (text)."""
        shown = image.caption if caption is None else mark_safe(caption)
        context = {"image": image, "caption": shown, "sizes": FIGURE_SIZES}
        with translation.override(self.language):
            return get_template("media/figure.html", using="jinja2").render(context).strip()


@dataclass(frozen=True)
class _Shown:
    """A gallery picture as the grid and the lightbox show it."""

    image: Image
    caption: str
    zoom_url: str
    zoom_width: int
    zoom_height: int


def _shown(item: GalleryItem) -> _Shown:
    image = item.image
    jpegs = [variant for variant in image.variants if variant["format"] == "jpeg"]
    if not jpegs or not image.width:
        return _Shown(image, item.shown_caption, image.file.url, image.width, image.height)
    largest = max(jpegs, key=lambda variant: variant["width"])
    height = round(image.height * largest["width"] / image.width)
    url = default_storage.url(largest["name"])
    return _Shown(image, item.shown_caption, url, largest["width"], height)


def _caption(inner: str) -> str:
    """The caption an editor wrote in a figure (sanitised markup), without our credit line."""
    found = FIGCAPTION.search(inner)
    return CREDIT.sub("", found.group(1)).strip() if found else ""


def _our_name(block: Block) -> str | None:
    """The storage name of the picture of an editor's figure, when it is in our media."""
    found = IMG_SRC.search(block.inner)
    src = unescape(found.group(1)) if found else ""
    prefix = settings.MEDIA_URL
    return unquote(src[len(prefix) :]) if src.startswith(prefix) else None


def _images_by_name(names: set[str]) -> dict[str, int]:
    """Image ids by the name of their original file or of any of their renditions."""
    if not names:
        return {}
    found = dict(Rendition.objects.filter(file__in=names).values_list("file", "image_id"))
    found.update(Image.objects.filter(file__in=names).values_list("file", "id"))
    return found


# --- folding back, for the editor ------------------------------------------------------
def body_for_editor(html: str) -> str:
    """The body as an editor wrote it: `[gallery N]` paragraphs, and our images as plain
    figures (picture, caption), which the save expands again."""
    pieces, last = [], 0
    for block in blocks(html):
        if block.kind in {"figure", "other"} or (block.kind == "image" and not block.inner):
            continue
        pieces.append(html[last : block.start])
        pieces.append(_folded(block))
        last = block.end
    pieces.append(html[last:])
    return "".join(pieces)


def _folded(block: Block) -> str:
    if block.kind == "gallery":
        return f"<p>[gallery {block.number}]</p>"
    src = IMG_SRC.search(block.inner)
    caption = _caption(block.inner)
    if src is None:
        return f"<p>[image {block.number}]</p>"
    alt = IMG_ALT.search(block.inner)
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    image = f'<img src="{src.group(1)}" alt="{alt.group(1) if alt else ""}">'
    return f"<figure>{image}{figcaption}</figure>"
