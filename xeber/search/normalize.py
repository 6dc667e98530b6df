"""Text normalisation shared by indexing and querying: the one place that decides what a
word is and which index term it becomes.

    "Алиеву"    -> "алиев"      Russian lemma (pymorphy3), ё = е
    "Bakıda"    -> "baki"       Azerbaijani root, then folded so "Baki" finds "Bakı"
    "ministers" -> "minist"     English Snowball stem
    "Mосква"    -> "москва"     a Latin look-alike inside a Cyrillic word is Cyrillic

Index terms are always folded (ə -> e, ı -> i, ş -> s ...): a reader typing without
Azerbaijani letters finds the same articles, and phrases keep one term per word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pymorphy3
import Stemmer

from xeber.search import azerbaijani

# Letters that look the same in both scripts: Latin -> Cyrillic and back.
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyiABEKMHOPCTXYI", "аеорсхуіАВЕКМНОРСТХУІ")
_CYRILLIC_TO_LATIN = str.maketrans("аеорсхуіАВЕКМНОРСТХУІ", "aeopcxyiABEKMHOPCTXYI")
# Azerbaijani letters fold to plain Latin (the stemmer's own table), and ё to е.
_FOLD = {**azerbaijani.FOLD, **str.maketrans({"ё": "е", "ä": "a"})}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_AZERBAIJANI = re.compile(r"[əƏıİşŞğĞçÇöÖüÜ]")
# Typographic quotes, dashes and apostrophes are punctuation, never part of a word.
_PUNCTUATION = re.compile(r"[«»„“”‘’‚‹›\"'`´–—―‐‑−]")
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORD = 40

_morph = pymorphy3.MorphAnalyzer()
_english = Stemmer.Stemmer("english")


def clean(text: str) -> str:
    """NFC, punctuation that is not part of words turned into spaces."""
    return _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text))


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(clean(text)) if len(word) <= MAX_WORD]


def fix_script(word: str) -> str:
    """Map look-alike letters to the script most of the word is written in."""
    cyrillic, latin = len(_CYRILLIC.findall(word)), len(_LATIN.findall(word))
    if cyrillic and latin:
        table = _LATIN_TO_CYRILLIC if cyrillic >= latin else _CYRILLIC_TO_LATIN
        return word.translate(table).replace("і", "и").replace("І", "И")
    return word


def lower(word: str, language: str) -> str:
    """Case folding that is right for Azerbaijani (I -> ı, İ -> i) and Russian (ё = е)."""
    if language == "az":
        word = word.replace("I", "ı").replace("İ", "i")
    return word.lower().replace("i̇", "i").replace("ё", "е")


def fold(term: str) -> str:
    return term.translate(_FOLD)


def word_language(word: str, edition: str) -> str:
    if _CYRILLIC.search(word):
        return "ru"
    if edition == "az" or _AZERBAIJANI.search(word):
        return "az"
    return "en"


def _russian_lemma(word: str) -> str:
    """The most likely lemma, preferring an adjective over a noun made from it.

    pymorphy3 reads "малого" first as the noun "малое"; in news text it is nearly always the
    adjective "малый", and both readings must meet "малому", "малый", "малые".
    """
    parses = _morph.parse(word)
    best = parses[0]
    if best.tag.POS == "NOUN" and best.normal_form.endswith(("ое", "ее", "ая", "яя")):
        adjective = next((p for p in parses[:4] if p.tag.POS == "ADJF"), None)
        best = adjective or best
    return best.normal_form.replace("ё", "е")


@lru_cache(maxsize=500_000)
def term(word: str, edition: str) -> str:
    """The index term of one word as it appears in an article of `edition`."""
    word = fix_script(word)
    language = word_language(word, edition)
    base = lower(word, language)
    if base.isdigit():
        return base
    if language == "ru":
        root = _russian_lemma(base)
    elif language == "az":
        root = azerbaijani.stem_folded(base)
    else:
        root = _english.stemWord(base)
    return fold(root)


def terms(text: str, edition: str) -> list[str]:
    return [term(word, edition) for word in words(text)]


def analyze(text: str, edition: str) -> str:
    """The space-separated terms that the index stores for a piece of text."""
    return " ".join(terms(text, edition))
