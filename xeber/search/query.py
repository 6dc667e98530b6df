"""Reading what a reader typed into the search box.

Quoted words are a phrase, a leading minus excludes, a trailing * is a prefix; every
other character is plain text. Nothing a reader types reaches an engine's query syntax:
each engine's expression is built from index terms, which are letters and digits only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xeber.search.normalize import fix_script, fold, lower, term, word_language, words

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 12
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Clause:
    terms: tuple[str, ...]
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
        return {t for clause in self.positive if clause.kind != "prefix" for t in clause.terms}

    def highlight_prefixes(self) -> set[str]:
        return {clause.terms[0] for clause in self.positive if clause.kind == "prefix"}


def _clause_for(text: str, edition: str, negated: bool) -> Clause | None:
    if text.endswith("*") and len(words(text)) == 1:
        word = words(text)[0]
        prefix = fold(lower(fix_script(word), word_language(word, edition)))
        return Clause((prefix,), "prefix", negated) if len(prefix) >= 2 else None
    found = tuple(term(word, edition) for word in words(text))
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
