"""Reading what a reader typed into the search box.

Quoted words are a phrase, a leading minus excludes, a trailing * is a prefix; every
other character is plain text. Nothing a reader types reaches an engine's query syntax:
each engine's expression is built from index terms, which are letters and digits only.

Each word of a clause matches any of its alternative index terms (normalize.search_terms):
a name or a word the dictionary lacks may have several, its forms being read differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xeber.search.normalize import fix_script, fold, lower, search_terms, word_language, words

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 12
# The combinations of a clause's alternatives are kept within this: FTS5 spells each
# combination of a phrase out as a phrase of its own.
MAX_VARIANTS = 32
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    terms: tuple[tuple[str, ...], ...]  # per word, the index terms it may match
    kind: str  # "word", "phrase" or "prefix"
    negated: bool = False


@dataclass(frozen=True)
class Query:
    clauses: tuple[Clause, ...]
    words: tuple[str, ...]  # the plain words, as typed, for "did you mean"

    @property
    def positive(self) -> list[Clause]:
        return [clause for clause in self.clauses if not clause.negated]

    @property
    def negative(self) -> list[Clause]:
        return [clause for clause in self.clauses if clause.negated]

    @property
    def searchable(self) -> bool:
        return bool(self.positive)

    def highlight_terms(self) -> set[str]:
        return {
            t
            for clause in self.positive
            if clause.kind != "prefix"
            for alternatives in clause.terms
            for t in alternatives
        }

    def highlight_prefixes(self) -> set[str]:
        return {clause.terms[0][0] for clause in self.positive if clause.kind == "prefix"}


def _within_limit(alternatives: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The words' alternatives, cut so that their combinations stay within MAX_VARIANTS;
    a word's own term (the first) is always kept."""
    kept, count = [], 1
    for terms in alternatives:
        terms = terms[: max(1, MAX_VARIANTS // count)]
        count *= len(terms)
        kept.append(terms)
    return tuple(kept)


def _clause_for(text: str, edition: str, negated: bool) -> Clause | None:
    if text.endswith("*") and len(words(text)) == 1:
        word = words(text)[0]
        prefix = fold(lower(fix_script(word), word_language(word, edition)))
        return Clause(((prefix,),), "prefix", negated) if len(prefix) >= 2 else None
    found = _within_limit([search_terms(word, edition) for word in words(text)])
    if not found:
        return None
    return Clause(found, "phrase" if len(found) > 1 else "word", negated)


def parse_query(text: str, edition: str) -> Query:
    clauses: list[Clause] = []
    plain: list[str] = []
    for match in _TOKEN.finditer((text or "")[:MAX_QUERY_CHARS]):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            clause = _clause_for(phrase, edition, negated=minus == "-")
            if clause and clause.kind == "word":
                clause = Clause(clause.terms, "phrase", clause.negated)
        else:
            negated = bare.startswith("-") and len(bare) > 1
            body = bare[1:] if negated else bare
            clause = _clause_for(body, edition, negated)
            if clause and not negated and clause.kind == "word":
                plain.extend(words(body))
        if clause:
            clauses.append(clause)
        if len(clauses) >= MAX_CLAUSES:
            break
    return Query(tuple(clauses), tuple(plain))
