"""Slugs for titles written in Russian, Azerbaijani and English.

Cyrillic is transliterated and Azerbaijani letters are folded to plain Latin so that
every URL is ASCII and readable: "Бакинский саммит" -> "bakinskii-sammit",
"Şəhər xəbərləri" -> "sheher-xeberleri".
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLIT = {
    # Russian
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Azerbaijani Latin
    "ə": "e",
    "ı": "i",
    "ş": "sh",
    "ç": "ch",
    "ğ": "g",
    "ö": "o",
    "ü": "u",
    # Azerbaijani Cyrillic letters still met in older texts
    "ә": "e",
    "ғ": "g",
    "ҝ": "g",
    "ј": "y",
    "ө": "o",
    "ү": "u",
    "һ": "h",
    "ҹ": "c",
}

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify_title(title: str, max_length: int = 80) -> str:
    """An ASCII slug for a title in any of the editions' languages."""
    # İ (dotted capital) lower-cases to "i" + combining dot; fold it first.
    text = title.replace("İ", "i").lower()
    text = "".join(_TRANSLIT.get(char, char) for char in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug or "article"
