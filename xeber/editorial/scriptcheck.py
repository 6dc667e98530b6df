"""Script mistakes common in Russian- and Azerbaijani-language newsrooms, found before publishing.

Copy-paste and keyboard layouts leave Latin look-alikes in Cyrillic words (and the reverse),
Cyrillic ә where Azerbaijani Latin ə belongs, Azerbaijani typed on a plain Latin keyboard,
ё against the house style, and straight quotes where «» belong. The back office shows each
finding as a warning with a one-click fix.

The checker never changes text: `check()` only reports and `apply()` applies the one finding an
editor clicked, so an imported archive text stays byte-exact until someone fixes it. Offsets are
into the original string; for an HTML body, into the raw markup, of which only the text between
tags is read.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

KINDS = ("mixed-script", "cyrillic-schwa", "az-letters", "yo", "quotes")
FIELDS = ("title", "lead", "body")


@dataclasses.dataclass(frozen=True)
class Finding:
    field: str  # "title", "lead" or "body"
    kind: str  # one of KINDS
    start: int  # offsets into the original field text (for HTML, the raw HTML string)
    end: int
    found: str  # == text[start:end]
    replacement: str | None  # None: a warning without a safe one-click fix
    message: str

    @property
    def key(self) -> str:
        # The kind is part of it: a text-level warning and a quote pair may share a span.
        return f"{self.field}:{self.kind}:{self.start}:{self.end}"


# --- Letters and look-alikes -------------------------------------------------------------

_CYRILLIC_LETTER = re.compile("[\u0400-\u052f]")
# Basic Latin, Latin-1 and the extensions, with the IPA block for Azerbaijani ə (U+0259).
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u0250-\u02af\u1e00-\u1eff]")
# A maximal run of letters; combining marks stay inside (a decomposed й or ё is one word).
# Digits, hyphens, apostrophes and masked markup all end a word.
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")

# Left: Latin; right: the Cyrillic letter that looks the same. No i→і: Russian has no і.
_LATIN_TO_CYRILLIC = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
_CYRILLIC_TO_LATIN = str.maketrans(
    "асеорхуАВСЕНКМОРТХәӘіІ",  # Cyrillic, with ә/Ә and the Ukrainian і/І
    "aceopxyABCEHKMOPTXəƏiI",
)
_SCHWA_TO_LATIN = str.maketrans("әӘ", "əƏ")

# A text typed on an Azerbaijani keyboard has some of these (a Cyrillic ә counts: the author
# did type a schwa, and the cyrillic-schwa check reports it). Capital I is not among them:
# it is also the capital of ı.
_AZ_LETTER = re.compile("[əğıöüşçƏĞÖÜŞÇәӘ]")
_AZ_WITHOUT_LETTERS_OVER = 200  # letters; shorter texts may well need none

# Frequent words typed without Azerbaijani letters. Only spellings that are not themselves
# correct words ("il", "bir", "yeni", "olan", "deyil", "sonra", "edib", "indi" are), and only
# those with one reading: "seher" is left out, it is səhər (morning) as often as şəhər (city).
_AZ_WORDS = dict(
    pair.split("=")
    for pair in """
    ve=və ile=ilə ucun=üçün bele=belə gore=görə uzre=üzrə ise=isə hec=heç cox=çox gun=gün
    xeber=xəbər azerbaycan=azərbaycan azerbaycanin=azərbaycanın baki=bakı bakida=bakıda
    meclis=məclis deye=deyə qeder=qədər cekib=çəkib sirket=şirkət olke=ölkə olkenin=ölkənin
    dovlet=dövlət dovletin=dövlətin hokumet=hökumət etmek=etmək gelen=gələn gelib=gəlib
    ucuncu=üçüncü boyuk=böyük yuksek=yüksək musteqil=müstəqil muharibe=müharibə butun=bütün
    evvel=əvvəl hem=həm cunki=çünki artiq=artıq tehsil=təhsil hemcinin=həmçinin
    uzerinde=üzərində respublikasi=respublikası qarabag=qarabağ gence=gəncə sumqayit=sumqayıt
    turkiye=türkiyə ermenistan=ermənistan
    """.split()
)

# Words where ё is certain and often written as е; nothing like все/всё or небо/нёбо.
_YO_WORDS = dict(
    pair.split("=")
    for pair in """
    еще=ещё ее=её ребенок=ребёнок ребенка=ребёнка ребенку=ребёнку ребенком=ребёнком
    объем=объём объема=объёма объемы=объёмы объемов=объёмов отчет=отчёт отчета=отчёта
    отчеты=отчёты отчетов=отчётов отчете=отчёте счет=счёт учет=учёт учета=учёта
    ученый=учёный ученые=учёные ученых=учёных береза=берёза четырех=четырёх трех=трёх
    вперед=вперёд самолет=самолёт самолета=самолёта самолеты=самолёты самолетов=самолётов
    пришел=пришёл ушел=ушёл нашел=нашёл идет=идёт живет=живёт елка=ёлка
    """.split()
)
_YO_TO_E = str.maketrans("ёЁ", "еЕ")
_COMBINING_DIAERESIS = "\u0308"  # е + U+0308 is a decomposed ё

_AZ_UPPER = {"i": "İ", "ı": "I"}  # Azerbaijani casing; Russian has neither letter


def _with_case(found: str, fixed: str) -> str:
    """`fixed` (lower case, same length) cased letter by letter like `found`."""
    return "".join(
        (_AZ_UPPER.get(letter) or letter.upper()) if model.isupper() else letter
        for model, letter in zip(found, fixed, strict=True)
    )


# --- HTML: a mask of the same length -----------------------------------------------------

# Markup is masked rather than removed so that offsets into the mask are offsets into the raw
# HTML. In the mask, IGNORED is transparent (inline tags, the tails of entities), a newline is
# a block boundary (block tags, and line breaks in any text), OPAQUE is a non-letter symbol.
_IGNORED = "\x00"
_OPAQUE = "\x01"
_IGNORED_RUN = re.compile(_IGNORED + "*")
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|</?([A-Za-z][\w:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.DOTALL,
)
# Phrasing content: a quote may open before one of these and close after it.
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong sub "
    "sup time u var wbr".split()
)


def _mask_markup(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == "&":
        # Entities never read as letters; &quot; is a straight quote, &nbsp; a space.
        char = html_lib.unescape(token)
        lead = '"' if char == '"' else " " if char.isspace() else _OPAQUE
        return lead + _IGNORED * (len(token) - 1)
    name = match.group(1)
    if name is None or name.lower() in _INLINE_TAGS:  # a comment, or an inline tag
        return _IGNORED * len(token)
    return "\n" * len(token)


def _mask(text: str, html: bool) -> str:
    return _MARKUP.sub(_mask_markup, text) if html else text


# --- Word checks -------------------------------------------------------------------------

# A word check returns (kind, replacement, message) or None.
_Hit = tuple[str, str | None, str]
_WordCheck = Callable[[str], _Hit | None]


def _mixed_script(word: str, edition: str) -> _Hit | None:
    if word.isascii() or not _LATIN_LETTER.search(word) or not _CYRILLIC_LETTER.search(word):
        return None
    cyrillic = len(_CYRILLIC_LETTER.findall(word))
    latin = len(_LATIN_LETTER.findall(word))
    if cyrillic > latin or (cyrillic == latin and edition == "ru"):
        fixed, leftover = word.translate(_LATIN_TO_CYRILLIC), _LATIN_LETTER
    else:
        fixed, leftover = word.translate(_CYRILLIC_TO_LATIN), _CYRILLIC_LETTER
    # A letter without a look-alike: only the editor knows what was meant.
    replacement = None if leftover.search(fixed) else fixed
    message = _("“%(word)s” mixes Latin and Cyrillic letters") % {"word": word}
    return "mixed-script", replacement, message


def _cyrillic_schwa(word: str) -> _Hit | None:
    if "ә" not in word and "Ә" not in word:
        return None
    rest = word.translate({ord("ә"): None, ord("Ә"): None})
    if len(_CYRILLIC_LETTER.findall(rest)) > len(_LATIN_LETTER.findall(rest)):
        return None  # a Cyrillic word: ә is right there
    fixed = word.translate(_CYRILLIC_TO_LATIN)
    if _CYRILLIC_LETTER.search(fixed):  # another Cyrillic letter has no look-alike
        fixed = word.translate(_SCHWA_TO_LATIN)
    message = _("“%(word)s”: Cyrillic ә where Azerbaijani ə belongs") % {"word": word}
    return "cyrillic-schwa", fixed, message


def _az_letters(word: str) -> _Hit | None:
    fixed = _AZ_WORDS.get(word.lower()) if word.isascii() else None
    if fixed is None:
        return None
    fixed = _with_case(word, fixed)
    if fixed == word:  # "BAKI" is already right: the capital of ı is I
        return None
    message = _("“%(word)s” is written without Azerbaijani letters: “%(fixed)s”?") % {
        "word": word,
        "fixed": fixed,
    }
    return "az-letters", fixed, message


def _yo_to_e(word: str) -> _Hit | None:
    if "ё" not in word and "Ё" not in word and _COMBINING_DIAERESIS not in word:
        return None
    fixed = word.translate(_YO_TO_E).replace("е\u0308", "е").replace("Е\u0308", "Е")
    if fixed == word:  # a diaeresis over some other letter
        return None
    message = _("“%(word)s”: the newsroom writes е, not ё") % {"word": word}
    return "yo", fixed, message


def _e_to_yo(word: str) -> _Hit | None:
    fixed = _YO_WORDS.get(word.lower())
    if fixed is None:
        return None
    message = _("“%(word)s”: the newsroom writes ё here") % {"word": word}
    return "yo", _with_case(word, fixed), message


def _word_checks(edition: str, yo_policy: str) -> list[_WordCheck]:
    """The checks for an edition, in priority order: a word gets at most one finding."""

    def mixed(word: str) -> _Hit | None:
        return _mixed_script(word, edition)

    if edition == "az":
        return [_cyrillic_schwa, mixed, _az_letters]
    if edition == "ru":
        yo = {"e": [_yo_to_e], "yo": [_e_to_yo]}.get(yo_policy, [])
        return [mixed, *yo]
    return [mixed]


def _word_findings(field: str, text: str, mask: str, checks: list[_WordCheck]) -> list[Finding]:
    findings = []
    for match in _WORD.finditer(mask):
        word = match.group()
        for each in checks:
            hit = each(word)
            if hit is not None:
                kind, replacement, message = hit
                start, end = match.span()
                findings.append(
                    Finding(field, kind, start, end, text[start:end], replacement, message)
                )
                break
    return findings


def _az_text_finding(field: str, text: str, mask: str) -> Finding | None:
    if _AZ_LETTER.search(mask):
        return None
    if sum(map(len, _WORD.findall(mask))) <= _AZ_WITHOUT_LETTERS_OVER:
        return None
    message = _("No Azerbaijani letters in this text: typed without them?")
    return Finding(field, "az-letters", 0, len(text), text, None, message)


# --- Quotes ------------------------------------------------------------------------------

_QUOTE = re.compile('"')  # in the mask: straight quotes of the text, and &quot;
_OPENS_AFTER = frozenset('([—–-"«„')  # besides whitespace, a boundary and the start
_CLOSES_BEFORE = frozenset('.,;:!?)]…»"-')  # besides whitespace, a boundary and the end


def _is_space(char: str) -> bool:
    return char == "" or char.isspace()  # "" is the start or the end of the text


def _quote_findings(field: str, text: str, mask: str, edition: str) -> list[Finding]:
    """Straight quotes paired as «» belong, innermost first; never across a block boundary."""
    # Azerbaijani attaches suffixes to a closing quote: "Neftçi"nin.
    suffixes = edition == "az"
    size = len(mask)
    reverse = mask[::-1]  # to look back past markup with a match, as ahead
    openers: list[tuple[int, int]] = []
    findings = []
    previous_end = 0
    for match in _QUOTE.finditer(mask):
        start = match.start()
        end = start + 1 if text[start] == '"' else text.index(";", start) + 1  # &quot;
        if mask.find("\n", previous_end, start) != -1:
            openers.clear()
        previous_end = end
        back = _IGNORED_RUN.match(reverse, size - start).end()
        before = reverse[back] if back < size else ""
        ahead = _IGNORED_RUN.match(mask, end).end()
        after = mask[ahead] if ahead < size else ""
        suffix = suffixes and after.isalpha() and before not in _OPENS_AFTER
        closing = _is_space(after) or after in _CLOSES_BEFORE or suffix
        if openers and not _is_space(before) and closing:
            open_start, open_end = openers.pop()
            replacement = f"«{text[open_end:start]}»"
            message = _("Straight quotes: «» belong here")
            found = text[open_start:end]
            findings.append(Finding(field, "quotes", open_start, end, found, replacement, message))
        elif (_is_space(before) or before in _OPENS_AFTER) and not (
            _is_space(after) or after == '"'
        ):
            openers.append((start, end))
    return findings


# --- The API -----------------------------------------------------------------------------


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Sorted by position; of two overlapping findings the later one goes (one click each)."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda each: (each.start, each.end)):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def check(
    field: str, text: str, edition: str, *, html: bool = False, yo_policy: str = "e"
) -> list[Finding]:
    """The findings in one field, sorted by position; `text` itself is never changed.

    `edition` is "ru", "az" or "en" (any other gets the mixed-script check only). `yo_policy`
    (Russian): "e" flags every ё, "yo" flags words where ё is certain, anything else neither.
    """
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}: one of {', '.join(FIELDS)}")
    mask = _mask(text, html)
    findings = _word_findings(field, text, mask, _word_checks(edition, yo_policy))
    if edition in ("ru", "az"):
        findings += _quote_findings(field, text, mask, edition)
    findings = _without_overlaps(findings)
    # The text-level warning has no fix, so it may overlap the rest; it goes first.
    whole = _az_text_finding(field, text, mask) if edition == "az" else None
    return sorted([whole, *findings] if whole else findings, key=lambda each: each.start)


def check_article(fields: dict[str, str], edition: str, *, yo_policy: str = "e") -> list[Finding]:
    """Findings in title, lead (plain text) and body (HTML), in that order."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}: only {', '.join(FIELDS)}")
    findings = []
    for field in FIELDS:
        if fields.get(field):
            findings += check(
                field, fields[field], edition, html=field == "body", yo_policy=yo_policy
            )
    return findings


def apply(text: str, finding: Finding) -> str:
    """`text` with the one finding fixed; ValueError if the text changed since the check."""
    current = text[finding.start : finding.end]
    if current != finding.found:
        raise ValueError(
            f"the {finding.field} changed since it was checked: expected {finding.found!r} "
            f"at {finding.start}–{finding.end}, found {current!r}; check it again"
        )
    if finding.replacement is None:
        raise ValueError(f"{finding.kind} finding {finding.key} has no one-click fix")
    return text[: finding.start] + finding.replacement + text[finding.end :]
