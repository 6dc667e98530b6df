"""Text normalisation shared by indexing and querying: the one place that decides what a
word is and which index term it becomes.

    "Алиеву"    -> "алиев"      Russian lemma (pymorphy3), ё = е
    "Шушинской" -> "шушинск"    Russian Snowball stem, for a word pymorphy3 does not know
    "Bakıda"    -> "baki"       Azerbaijani root, then folded so "Baki" finds "Bakı"
    "ministers" -> "minist"     English Snowball stem
    "Mосква"    -> "москва"     a Latin look-alike inside a Cyrillic word is Cyrillic

Index terms are always folded (ə -> e, ı -> i, ş -> s ...): a reader typing without
Azerbaijani letters finds the same articles, and phrases keep one term per word.

A query word stands for the index terms of all its possible forms (search_terms), which
differ where pymorphy3 has to guess: names, and the forms of a surname in -ов/-ев.
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
_russian = Stemmer.Stemmer("russian")
# Readings that name a person, which the dictionary lists sparsely for Azerbaijani names.
_PERSON = frozenset({"Name", "Surn", "Patr"})
# What an unknown word in the news is read as: a name, a place, an adjective made of one.
_NOMINAL = frozenset({"NOUN", "ADJF", "ADJS"})
# A Russian surname in -ов/-ев and its forms: Алекперов, -а, -у, -ым, -е, -ой, -ы, -ых, -ыми.
_SURNAME = re.compile(r"(\w{2,}[ое]в)(?:а|у|ым|е|ой|ы|ых|ыми)?")
_SURNAME_ENDINGS = ("", "а", "у", "ым", "е", "ой", "ы", "ых", "ыми")


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


def _is_lemma(word: str) -> bool:
    return _morph.word_is_known(word) and any(
        parse.normal_form.replace("ё", "е") == word for parse in _morph.parse(word)
    )


def _russian_root(word: str) -> str:
    """The lemma of a word the dictionary knows, the Snowball stem of one it does not.

    pymorphy3 guesses an unknown word's lemma from its ending, and the guess changes with
    the form ("Шушинская" reads as a noun "шушинскай", "Шушинской" as the adjective
    "шушинский"); the stemmer cuts the endings of nearly all forms to the same stem. A
    stem that is a word's lemma ("Садых" -> "сад") would find that word: the word stays.
    """
    if _morph.word_is_known(word):
        return _russian_lemma(word)
    stem = _russian.stemWord(word)
    return word if _is_lemma(stem) else stem


@lru_cache(maxsize=500_000)
def term(word: str, edition: str) -> str:
    """The index term of one word as it appears in an article of `edition`."""
    word = fix_script(word)
    language = word_language(word, edition)
    base = lower(word, language)
    if base.isdigit():
        return base
    if language == "ru":
        root = _russian_root(base)
    elif language == "az":
        root = azerbaijani.stem_folded(base)
    else:
        root = _english.stemWord(base)
    return fold(root)


def _russian_forms(word: str) -> set[str]:
    """Every form an article may write `word` in, as far as pymorphy3 can tell: all forms
    of every reading as a noun or adjective of a word the dictionary lacks, of every
    reading as a person's name of one it knows, and of a surname when it may be one."""
    base = lower(word, "ru")
    parses = _morph.parse(base)
    known = _morph.word_is_known(base)
    if known:
        readings = [p for p in parses if _PERSON & p.tag.grammemes]
    else:
        readings = [p for p in parses if p.tag.POS in _NOMINAL]
    forms = {form.word for reading in readings for form in reading.lexeme}
    # "Нагиев" is read as the plural of a first name "Нагий", never as the surname that
    # "Нагиеву" is read as; a surname's forms are regular, so they are written out here.
    surname = _SURNAME.fullmatch(base)
    if surname and (not known or readings or word[:1].isupper()):
        forms.update(surname.group(1) + ending for ending in _SURNAME_ENDINGS)
    return forms


@lru_cache(maxsize=100_000)
def search_terms(word: str, edition: str) -> tuple[str, ...]:
    """The index terms that other forms of `word` have, its own term first: what a query
    word must match. (The index keeps one term per word, so that phrases keep positions.)

    A Russian word the dictionary knows has one lemma in all its forms, and most forms of
    one it lacks share a stem. Not all: a name's forms are read differently ("Алекперов" as
    the plural of a first name "Алекпер", "Алекперову" as the surname), the stemmer may
    take a word's end for an ending ("Сумгайыт" -> "сумгай", "Сумгайыте" -> "сумгайыт"),
    and one form may be in the dictionary while another is not. So a word stands for the
    terms of every form pymorphy3 can make of it: a handful, mostly stems no other word
    shares.
    """
    own = term(word, edition)
    word = fix_script(word)
    if word_language(word, edition) != "ru" or word.isdigit():
        return (own,)
    others = {term(form, edition) for form in _russian_forms(word)} - {own}
    return (own, *sorted(others))


def terms(text: str, edition: str) -> list[str]:
    return [term(word, edition) for word in words(text)]


def analyze(text: str, edition: str) -> str:
    """The space-separated terms that the index stores for a piece of text."""
    return " ".join(terms(text, edition))
