"""Pictures for the demo newsroom, drawn by code: a city at dusk, the sea, mountain ridges,
a carpet's medallion, a chart, a pitch, a stage, a road, rails, a network, solar panels and
abstract shapes. Each is original, and the same for the same spec and seed, so every
`xeber demo` draws the same newsroom.

A spec is "style" or "style:variant" (the variant picks the light or the palette, which
the pictures' alternative texts in newsroom.toml describe).
"""

from __future__ import annotations

import io
import math
import random
import zlib

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SIZE = (800, 450)  # the renditions go up to 800 pixels wide: more would be lost
Colour = tuple[int, int, int]

# Sky gradients (top, horizon) and the sun's colour, by the time of day.
SKIES = {
    "dawn": ("#2b3a67", "#f6b48f", "#ffe3b8"),
    "day": ("#2f6fbf", "#cfe6f5", "#fff8dc"),
    "dusk": ("#3b1d4a", "#f08a4b", "#ffd27a"),
    "night": ("#070b1f", "#23335f", "#e9edf5"),
    "fog": ("#7f8c99", "#dde2e6", "#f4f4f0"),
}
# Carpet palettes: field, border, ornament, light accent.
CARPETS = {
    "red": ("#8b1e24", "#1d2a4d", "#d9a441", "#efe4c8"),
    "blue": ("#1f3a68", "#8b1e24", "#e0b25a", "#f1e7cf"),
    "ivory": ("#e9dcc0", "#6b1a1f", "#1f4a5a", "#b8412d"),
    "green": ("#1f4d3a", "#6b1a1f", "#e0b25a", "#f1e7cf"),
    "madder": ("#a3372a", "#2d1f1a", "#efe4c8", "#2f5d7c"),
    "indigo": ("#19214a", "#a3372a", "#efe4c8", "#d9a441"),
}
# Background, main colour and accent of the flat compositions.
FLATS = {
    "navy": ("#0f2a44", "#3ec1c9", "#f2b134"),
    "plum": ("#3a1f47", "#f28482", "#f6e27f"),
    "forest": ("#17362b", "#8bd3a7", "#f4d35e"),
    "slate": ("#24303c", "#9ec5e8", "#f07167"),
}


def rgb(colour: str | Colour) -> Colour:
    """A colour as a tuple, from "#rrggbb" (a tuple as it is)."""
    if isinstance(colour, tuple):
        return colour
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def mix(first: str | Colour, second: str | Colour, share: float) -> Colour:
    """The colour `share` of the way from `first` to `second`."""
    pairs = zip(rgb(first), rgb(second), strict=True)
    return tuple(round(a + (b - a) * share) for a, b in pairs)


def seed_of(text: str) -> int:
    """A stable seed for a name (Python's hash() of a string changes between runs)."""
    return zlib.crc32(text.encode())


def gradient(size, top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, rgb(bottom)), Image.new("RGB", size, rgb(top)), mask
    )


def draw(spec: str, seed: int) -> Image.Image:
    """The picture of `spec` (see the module's docstring), the same for the same seed."""
    style, _, variant = spec.partition(":")
    painter, default = STYLES[style]
    rng = random.Random(seed)  # noqa: S311  (decoration, not security)
    return painter(SIZE, variant or default, rng)


def jpeg(picture: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=name)


# --- skies, land and water ----------------------------------------------------------------
def png(picture: Image.Image, name: str) -> ContentFile:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=name)


def icon(side: int = 512) -> Image.Image:
    """The demo newsroom's icon: a carpet's medallion on the header's blue."""
    _field, border, ornament, light = CARPETS["indigo"]
    picture = Image.new("RGB", (side, side), rgb("#0f2a44"))
    pen = ImageDraw.Draw(picture)
    centre = (side // 2, side // 2)
    _diamond(pen, centre, side * 3 // 8, side * 3 // 8, rgb(border))
    _diamond(pen, centre, side // 4, side // 4, rgb(ornament))
    _star(pen, centre, side // 8, rgb(light))
    return picture


def _sky(size, variant, rng, horizon: float) -> Image.Image:
    """A sky down to `horizon` (a share of the height), its sun or moon, stars at night."""
    top, low, sun = SKIES[variant]
    width, height = size
    picture = gradient((width, height), top, low)
    pen = ImageDraw.Draw(picture)
    if variant == "night":
        for _ in range(100):
            x, y = rng.randrange(width), rng.randrange(int(height * horizon))
            pen.point((x, y), fill=mix(sun, low, rng.random() * 0.6))
    radius = rng.randint(height // 14, height // 8)
    x = rng.randint(width // 6, width * 5 // 6)
    y = int(height * horizon) - radius * (3 if variant in {"day", "night"} else 1)
    y = max(y, radius + height // 12)  # the whole disc in the picture
    pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rgb(sun))
    return picture


def _ridge(rng, width: int, base: int, rough: int) -> list[tuple[int, int]]:
    """A mountain ridge's outline around `base` (waves of two lengths and some jitter),
    closed along the bottom."""
    long, short = rng.uniform(60, 107), rng.uniform(17, 30)
    phase_long, phase_short = rng.uniform(0, 6.3), rng.uniform(0, 6.3)
    points = []
    for x in range(0, width + 20, 20):
        wave = 0.65 * math.sin(x / long + phase_long) + 0.25 * math.sin(x / short + phase_short)
        points.append((x, round(base - rough * (wave + 0.2 * rng.random()))))
    return [*points, (width, 10_000), (0, 10_000)]


def mountains(size, variant, rng) -> Image.Image:
    width, height = size
    picture = _sky(size, variant, rng, 0.5)
    pen = ImageDraw.Draw(picture)
    _, low, _ = SKIES[variant]
    far, near = mix(low, "#5b6b82", 0.5), mix("#1b2330", "#000000", 0.3)
    for layer in range(4):
        base = int(height * (0.4 + 0.16 * layer))
        outline = _ridge(rng, width, base, int(height * (0.17 - 0.035 * layer)))
        if layer == 0 and variant != "fog":  # snow on the peaks above the snowline
            pen.polygon(outline, fill=mix("#f4f6f8", low, 0.15))
            snowline = base - height * 0.06
            outline = [(x, max(y + 5, snowline + rng.randint(-4, 4))) for x, y in outline]
        pen.polygon(outline, fill=mix(far, near, layer / 3))
    if variant == "fog":
        haze = Image.new("RGB", size, mix(low, "#ffffff", 0.4))
        picture = Image.blend(picture, haze, 0.35)
    return picture


def sea(size, variant, rng) -> Image.Image:
    width, height = size
    horizon = int(height * 0.55)
    picture = _sky(size, variant, rng, 0.55)
    pen = ImageDraw.Draw(picture)
    top, low, sun = SKIES[variant]
    shore = _ridge(rng, width, horizon, 9)
    pen.polygon(shore, fill=mix(low, top, 0.55))
    water = gradient((width, height - horizon), mix(low, top, 0.35), mix(top, "#000000", 0.35))
    picture.paste(water, (0, horizon))
    for _ in range(150):
        x, y = rng.randrange(width), rng.randint(horizon + 4, height)
        length = 4 + (y - horizon) // 5
        pen.line((x, y, x + length, y), fill=mix(sun, low, 0.3 + rng.random() * 0.5), width=2)
    _ferry(pen, (rng.randint(width // 5, width * 3 // 5), horizon + 7), mix(top, "#000000", 0.6))
    return picture


def _ferry(pen, at, colour) -> None:
    x, y = at
    pen.polygon([(x, y), (x + 100, y), (x + 90, y + 12), (x + 8, y + 12)], fill=colour)
    pen.rectangle((x + 23, y - 15, x + 70, y), fill=colour)
    pen.rectangle((x + 40, y - 27, x + 49, y - 15), fill=colour)


def skyline(size, variant, rng) -> Image.Image:
    width, height = size
    picture = _sky(size, variant, rng, 0.78)
    pen = ImageDraw.Draw(picture)
    _, low, sun = SKIES[variant]
    for layer, (low_h, high_h) in enumerate([(0.25, 0.55), (0.12, 0.4)]):
        colour = mix(low, "#111522", 0.55 + 0.35 * layer)
        x = -rng.randint(0, 40)
        while x < width:
            w, h = rng.randint(33, 87), int(height * rng.uniform(low_h, high_h))
            roof = height - h
            pen.rectangle((x, roof, x + w, height), fill=colour)
            if rng.random() < 0.15:  # a tower with a spire
                pen.polygon([(x, roof), (x + w // 2, roof - h // 3), (x + w, roof)], fill=colour)
            if layer == 1:
                _windows(pen, rng, (x, roof, x + w), height, variant, sun)
            x += w + rng.randint(0, 8)
    return picture


def _windows(pen, rng, box, bottom: int, variant: str, light: str) -> None:
    left, roof, right = box
    lit = 0.45 if variant in {"night", "dusk"} else 0.12
    for y in range(roof + 8, bottom - 8, 15):
        for x in range(left + 5, right - 8, 12):
            if rng.random() < lit:
                pen.rectangle((x, y, x + 5, y + 7), fill=mix(light, "#ffb347", 0.4))


def road(size, variant, rng) -> Image.Image:
    """A road running to the horizon, with its lane markings."""
    width, height = size
    horizon = int(height * 0.45)
    picture = _sky(size, variant, rng, 0.45)
    pen = ImageDraw.Draw(picture)
    top, low, _ = SKIES[variant]
    pen.rectangle((0, horizon, width, height), fill=mix(low, "#3d5a3a", 0.7))
    vanish = width // 2 + rng.randint(-80, 80)
    pen.polygon([(vanish - 4, horizon), (vanish + 4, horizon), (width, height), (0, height)],
                fill=mix(top, "#2a2a2e", 0.8))  # fmt: skip
    paint = "#f4f1e8"
    for lane in (-1, 1):
        pen.line((vanish, horizon, vanish + lane * width * 0.42, height), fill=paint, width=3)
    for step in range(12):
        near, far = (step + 1) / 12, (step + 0.5) / 12
        y1, y2 = horizon + (height - horizon) * far**2, horizon + (height - horizon) * near**2
        pen.line((vanish, y1, vanish, y2), fill="#f2c14e", width=max(1, int(7 * near)))
    return picture


def rails(size, variant, rng) -> Image.Image:
    """Railway sleepers and two rails running to the horizon."""
    width, height = size
    horizon = int(height * 0.42)
    picture = _sky(size, variant, rng, 0.42)
    pen = ImageDraw.Draw(picture)
    _, low, _ = SKIES[variant]
    pen.rectangle((0, horizon, width, height), fill=mix(low, "#6b5b4a", 0.75))
    vanish = width // 2 + rng.randint(-53, 53)
    for step in range(1, 30):
        share = (step / 30) ** 2
        y, half = horizon + (height - horizon) * share, 13 + width * 0.35 * share
        pen.line((vanish - half, y, vanish + half, y), fill="#4a3728", width=max(1, int(9 * share)))
    for side in (-1, 1):
        pen.line((vanish, horizon, vanish + side * width * 0.26, height), fill="#c9ccd1", width=4)
    return picture


def solar(size, variant, rng) -> Image.Image:
    """Rows of solar panels under the sun."""
    width, height = size
    horizon = int(height * 0.5)
    picture = _sky(size, variant, rng, 0.5)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, horizon, width, height), fill="#c7b48a")
    for row in range(5):
        y = horizon + 12 + row * (8 + row * 9)
        depth = 9 + row * 8
        for x in range(-27 + row * 5, width, 60 + row * 13):
            w = 47 + row * 12
            panel = [
                (x, y + depth),
                (x + w, y + depth),
                (x + w + depth // 2, y),
                (x + depth // 2, y),
            ]
            pen.polygon(panel, fill="#1c2d5a", outline="#8fa9d6")
    return picture


# --- flat compositions ----------------------------------------------------------------------
def chart(size, variant, rng) -> Image.Image:
    background, main, accent = FLATS[variant]
    width, height = size
    picture = Image.new("RGB", size, background)
    pen = ImageDraw.Draw(picture)
    for y in range(height // 8, height, height // 8):
        pen.line((60, y, width - 60, y), fill=mix(background, "#ffffff", 0.12), width=1)
    bars, level, points = 12, 0.3, []
    slot = (width - 107) / bars
    for index in range(bars):
        level = min(0.85, max(0.1, level + rng.uniform(-0.08, 0.14)))
        x = 53 + index * slot
        top = height - 40 - level * (height - 107)
        pen.rectangle((x, top, x + slot * 0.6, height - 40), fill=mix(main, background, 0.25))
        points.append((x + slot * 0.3, top - 20 - rng.randint(0, 27)))
    pen.line(points, fill=accent, width=4, joint="curve")
    for x, y in points:
        pen.ellipse((x - 5, y - 5, x + 5, y + 5), fill=accent)
    return picture


def network(size, variant, rng) -> Image.Image:
    """Nodes and the links between near ones: trade routes, data, people."""
    background, main, accent = FLATS[variant]
    width, height = size
    picture = gradient(size, background, mix(background, "#000000", 0.5))
    pen = ImageDraw.Draw(picture)
    nodes = [(rng.randrange(width), rng.randrange(height)) for _ in range(46)]
    for index, (x1, y1) in enumerate(nodes):
        for x2, y2 in nodes[index + 1 :]:
            if math.dist((x1, y1), (x2, y2)) < 140:
                pen.line((x1, y1, x2, y2), fill=mix(main, background, 0.55), width=1)
    for x, y in nodes:
        radius = rng.choice([3, 5, 7, 9])
        colour = accent if radius == 9 else main
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return picture


def pitch(size, variant, rng) -> Image.Image:
    """A football pitch seen from above."""
    width, height = size
    picture = Image.new("RGB", size, "#2e7d32")
    pen = ImageDraw.Draw(picture)
    for index in range(0, width, 67):
        if index // 67 % 2:
            pen.rectangle((index, 0, index + 67, height), fill="#388e3c")
    line, margin = "#f1f8e9", 27
    pen.rectangle((margin, margin, width - margin, height - margin), outline=line, width=3)
    pen.line((width // 2, margin, width // 2, height - margin), fill=line, width=3)
    cx, cy, radius = width // 2, height // 2, 60
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=line, width=3)
    for left in (margin, width - margin - 113):  # the penalty areas
        pen.rectangle((left, cy - 107, left + 113, cy + 107), outline=line, width=3)
    x, y = rng.randint(133, width - 133), rng.randint(80, height - 80)
    pen.ellipse((x - 14, y - 10, x + 18, y + 16), fill="#1b5e20")
    pen.ellipse((x - 16, y - 16, x + 16, y + 16), fill="#ffffff", outline="#222222", width=2)
    return picture


def stage(size, variant, rng) -> Image.Image:
    """A stage under spotlights between two curtains."""
    background, _, accent = FLATS[variant]
    width, height = size
    picture = gradient(size, "#050507", mix(background, "#000000", 0.3))
    light = Image.new("RGB", size, mix(accent, "#fff3d6", 0.4))
    mask = Image.new("L", size, 0)
    beams = ImageDraw.Draw(mask)
    for _ in range(3):
        x, spread = rng.randint(width // 4, width * 3 // 4), rng.randint(47, 87)
        source = x + rng.randint(-147, 147)
        cone = [
            (source - 5, 0),
            (source + 5, 0),
            (x + spread, height - 60),
            (x - spread, height - 60),
        ]
        beams.polygon(cone, fill=90)
        beams.ellipse((x - spread, height - 77, x + spread, height - 43), fill=170)
    picture = Image.composite(light, picture, mask)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((0, height - 60, width, height), fill=mix(background, "#3b2414", 0.6))
    for side in (0, width - 88):
        for fold in range(0, 88, 22):
            pen.rectangle((side + fold, 0, side + fold + 11, height), fill="#7a1422")
            pen.rectangle((side + fold + 11, 0, side + fold + 22, height), fill="#5c0f19")
    return picture


def shapes(size, variant, rng) -> Image.Image:
    """Abstract circles and bands over a gradient."""
    background, main, accent = FLATS[variant]
    picture = gradient(size, background, mix(background, main, 0.35)).convert("RGBA")
    layer = Image.new("RGBA", size)
    pen = ImageDraw.Draw(layer)
    width, height = size
    for _ in range(9):
        x, y, radius = rng.randrange(width), rng.randrange(height), rng.randint(33, 160)
        colour = (*rgb(rng.choice([main, accent, "#ffffff"])), rng.randint(50, 130))
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    for _ in range(3):
        y = rng.randrange(height)
        pen.rectangle((0, y, width, y + rng.randint(5, 20)), fill=(*rgb(accent), 90))
    return Image.alpha_composite(picture, layer).convert("RGB")


# --- a carpet -----------------------------------------------------------------------------
def _diamond(pen, centre, half_w: int, half_h: int, fill) -> None:
    x, y = centre
    pen.polygon([(x, y - half_h), (x + half_w, y), (x, y + half_h), (x - half_w, y)], fill=fill)


def _star(pen, centre, radius: int, fill) -> None:
    """An eight-pointed star: two squares, one turned by 45 degrees."""
    x, y = centre
    side = radius * 0.7
    pen.rectangle((x - side, y - side, x + side, y + side), fill=fill)
    _diamond(pen, centre, radius, radius, fill)


def carpet(size, variant, rng) -> Image.Image:
    field, border, ornament, accent = CARPETS[variant]
    width, height = size
    picture = Image.new("RGB", size, border)
    pen = ImageDraw.Draw(picture)
    pen.rectangle((12, 12, width - 12, height - 12), outline=accent, width=3)
    for x in range(33, width - 20, 29):  # the border's running motif
        for y in (28, height - 28):
            _diamond(pen, (x, y), 9, 9, ornament)
    pen.rectangle((49, 49, width - 49, height - 49), fill=field, outline=accent, width=3)
    centre = (width // 2, height // 2)
    layers = rng.randint(4, 6)
    for step in range(layers):  # the medallion, ring by ring
        share = 1 - step / layers
        colour = [ornament, border, accent, field][step % 4]
        _diamond(pen, centre, int(173 * share), int(133 * share), colour)
    for corner_x in (49, width - 49):  # quarter medallions in the corners
        for corner_y in (49, height - 49):
            _diamond(pen, (corner_x, corner_y), 80, 63, ornament)
            _diamond(pen, (corner_x, corner_y), 47, 37, border)
    motif = rng.randint(9, 15)
    for _ in range(6):  # small stars, mirrored into the four quarters
        dx, dy = rng.randint(200, width // 2 - 73), rng.randint(27, height // 2 - 73)
        for sx in (-1, 1):
            for sy in (-1, 1):
                _star(pen, (centre[0] + sx * dx, centre[1] + sy * dy), motif, accent)
    return picture


# The painter of each style and its variant when the spec names none.
STYLES = {
    "mountains": (mountains, "dawn"),
    "sea": (sea, "day"),
    "skyline": (skyline, "dusk"),
    "road": (road, "day"),
    "rails": (rails, "dawn"),
    "solar": (solar, "day"),
    "chart": (chart, "navy"),
    "network": (network, "navy"),
    "pitch": (pitch, "day"),
    "stage": (stage, "plum"),
    "shapes": (shapes, "slate"),
    "carpet": (carpet, "red"),
}
