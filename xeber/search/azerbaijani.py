"""A small suffix stripper for Azerbaijani: no well-kept stemmer exists for it.

Azerbaijani is agglutinative: a noun takes plural, possessive and case endings in that
order (kitab-lar-ımız-da, "in our books"), a verb takes voice, tense and person endings
(açıl-ır, açıl-ıb, yaz-acaq). We strip endings from the right, longest first, a few
layers deep, under three guards that keep roots whole:

- an ending that starts with a buffer letter (n, y, s: Bakı-nın, Bakı-ya, ölkə-si) only
  follows a vowel, and an ending that starts with a vowel (kitab-ın, açıl-ır) only a
  consonant, so "qanun" is not read as "qa" + "nun";
- at least MIN_ROOT letters with a vowel always remain, and a two-letter vowel-initial
  ending needs a root of MIN_ROOT_BEFORE_VOWEL_ENDING letters (forum is not for + um);
- common roots that end in a vowel or merely end like a suffix (ölkə, komanda, Gəncə)
  are known: a word that starts with one keeps it as its root.

Stem-final k/q that became y/ğ before a vowel are restored (nazirliyi -> nazirlik).
Words reach this module lower-cased with Azerbaijani rules (I -> ı, İ -> i).
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_ROOT = 3
MIN_ROOT_BEFORE_VOWEL_ENDING = 4
MAX_LAYERS = 4
VOWELS = frozenset("aıoueəiöü")

AFTER_VOWEL = (
    "nın nin nun nün nı ni nu nü ya yə yla ylə yacaq yəcək yıb yib yub yüb sı si su sü "
    "mız miz muz müz nız niz nuz nüz "
).split()
# After the possessive vowel only: kəndi-ndə, ölkəsi-ndən (rayon-da is not rayo-nda).
AFTER_POSSESSIVE = ["ndan", "ndən", "nda", "ndə"]
AFTER_CONSONANT = (
    "ımız imiz umuz ümüz ınız iniz unuz ünüz acaq əcək ın in un ün ım im um üm ıb ib ub "
    "üb ır ir ur ür ı i u ü a ə la lə dı di du dü "
).split()
ANYWHERE = (
    "larımız lərimiz larınız ləriniz ları ləri lar lər dan dən da də dır dir dur dür mış "
    "miş muş müş maq mək mışdır mişdir dıq dik "
).split()
SUFFIXES = sorted(
    [(suffix, "V") for suffix in AFTER_VOWEL]
    + [(suffix, "P") for suffix in AFTER_POSSESSIVE]
    + [(suffix, "C") for suffix in AFTER_CONSONANT]
    + [(suffix, "") for suffix in ANYWHERE],
    key=lambda item: len(item[0]),
    reverse=True,
)
# Roots of four letters or more that a suffix rule would cut: place names, loanwords and
# common nouns ending in a vowel. Kept sorted longest first so the longest root wins.
KNOWN_ROOTS = sorted(
    set(
        (
            "komanda gəncə bakı dollar lənkəran şamaxı quba qəbələ sumqayıt mingəçevir şəki "
            "naxçıvan xəzər avropa asiya amerika rusiya türkiyə gürcüstan ukrayna almaniya "
            "fransa dünya ailə hava dəniz musiqi tarix qiymət sənaye enerji ölkə məzənnə "
            "sərgi qanun forum bülleten muzey şirkət bina xalça xalq qələbə həftə layihə "
            "nümayəndə bərə küçə tədbir turnir razılaşma tələbə müəllimə mədəniyyət siyasət "
            "cəmiyyət iqtisadiyyat idman büdcə vergi nəqliyyat səhiyyə təhsil ekologiya "
            "turizm mətbuat media hökumət şəkil "
        ).split()
    ),
    key=len,
    reverse=True,
)
MAX_ENDING_AFTER_KNOWN_ROOT = 8


@dataclass(frozen=True)
class Rules:
    """The stripping rules over one alphabet: Azerbaijani letters, or their folded forms."""

    suffixes: list[tuple[str, str]]
    roots: list[str]
    vowels: frozenset[str]
    possessive_vowels: str
    agent_letters: str  # -çı/-cı keeps its vowel: futbolçu, sürücü

    def allowed(self, root: str, suffix: str, condition: str) -> bool:
        if len(root) < MIN_ROOT or not any(char in self.vowels for char in root):
            return False
        if condition == "V":
            return root[-1] in self.vowels
        if condition == "P":
            return root[-1] in self.possessive_vowels
        if condition == "C":
            long_enough = len(suffix) == 1 or len(root) >= MIN_ROOT_BEFORE_VOWEL_ENDING
            return (
                long_enough and root[-1] not in self.vowels and root[-1] not in self.agent_letters
            )
        return True

    def strip_once(self, word: str) -> str:
        for suffix, condition in self.suffixes:
            if word.endswith(suffix) and self.allowed(word[: -len(suffix)], suffix, condition):
                root = word[: -len(suffix)]
                return _restore(root) if suffix[0] in self.vowels else root
        return word

    def known_root(self, word: str) -> str | None:
        for root in self.roots:
            if word.startswith(root) and len(word) - len(root) <= MAX_ENDING_AFTER_KNOWN_ROOT:
                return root
        return None

    def stem(self, word: str) -> str:
        for _ in range(MAX_LAYERS):
            known = self.known_root(word)
            if known:
                return known
            shorter = self.strip_once(word)
            if shorter == word:
                break
            word = shorter
        return word


def _restore(root: str) -> str:
    """A stem-final k/q softened before a vowel comes back: nazirliyi -> nazirlik."""
    if root.endswith(("ğ", "g")):
        return root[:-1] + "q"  # ayağı -> ayaq (no root ends in ğ)
    if root[-3:] in {"liy", "lüy", "luy"}:
        return root[:-1] + "k"
    return root


# Folded letters (ə -> e, ı -> i ...), for words typed without Azerbaijani letters:
# "Baki" and "Bakı" must meet at the same root.
FOLD = str.maketrans({"ə": "e", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u"})
LETTERS = Rules(SUFFIXES, KNOWN_ROOTS, VOWELS, "ıiuü", "çc")
FOLDED = Rules(
    suffixes=sorted({(s.translate(FOLD), c) for s, c in SUFFIXES}, key=lambda i: -len(i[0])),
    roots=sorted({root.translate(FOLD) for root in KNOWN_ROOTS}, key=len, reverse=True),
    vowels=frozenset("aioue"),
    possessive_vowels="iu",
    agent_letters="c",
)


def stem(word: str) -> str:
    """The root of an Azerbaijani word form: 'xəbərləri' -> 'xəbər', 'bakıda' -> 'bakı'."""
    return LETTERS.stem(word)


def stem_folded(word: str) -> str:
    """The folded root of a word, folded first: 'bakida' -> 'baki', 'xəbərləri' -> 'xeber'."""
    return FOLDED.stem(word.translate(FOLD))
