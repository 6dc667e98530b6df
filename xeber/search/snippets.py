"""Snippets with the matched words highlighted, computed from the article's own text."""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

from xeber.search.normalize import term
from xeber.search.query import Query

WINDOW = 32  # words around the first match
_WORD = re.compile(r"\w+", re.UNICODE)


class Highlighter:
    def __init__(self, query: Query, edition: str) -> None:
        self.terms = query.highlight_terms()
        self.prefixes = tuple(query.highlight_prefixes())
        self.edition = edition

    def matches(self, word: str) -> bool:
        found = term(word, self.edition)
        return found in self.terms or (bool(self.prefixes) and found.startswith(self.prefixes))

    def mark(self, text: str) -> SafeString:
        parts, last = [], 0
        for match in _WORD.finditer(text):
            if self.matches(match.group()):
                parts.append(escape(text[last : match.start()]))
                parts.append(f"<mark>{escape(match.group())}</mark>")
                last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))

    def snippet(self, paragraphs: list[str]) -> SafeString:
        text = " ".join(paragraphs)
        all_words = list(_WORD.finditer(text))
        if not all_words:
            return mark_safe("")
        index = next((i for i, m in enumerate(all_words) if self.matches(m.group())), 0)
        first = max(index - WINDOW // 3, 0)
        start = all_words[first].start() if first else 0
        end_word = all_words[min(index + WINDOW, len(all_words) - 1)]
        piece = text[start : end_word.end()]
        prefix = "… " if start > 0 else ""
        suffix = " …" if end_word.end() < len(text) else ""
        return mark_safe(prefix + self.mark(piece) + suffix)
