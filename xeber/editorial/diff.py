"""A side-by-side, word-level comparison of two revisions, as editors read text.

difflib finds the changes; this only turns them into escaped HTML: paragraphs matched
first, then words within a changed paragraph marked with <del> and <ins>.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from html import escape

_TOKENS = re.compile(r"(\s+)")


def _mark(tokens: list[str], tag: str) -> str:
    text = escape("".join(tokens))
    return f"<{tag}>{text}</{tag}>" if text.strip() else text


def compare_words(before: str, after: str) -> tuple[str, str]:
    old, new = _TOKENS.split(before), _TOKENS.split(after)
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(old[i1:i2])))
            right.append(escape("".join(new[j1:j2])))
            continue
        if i2 > i1:
            left.append(_mark(old[i1:i2], "del"))
        if j2 > j1:
            right.append(_mark(new[j1:j2], "ins"))
    return "".join(left), "".join(right)


def side_by_side(before: list[str], after: list[str]) -> list[tuple[str, str, str]]:
    """Rows of (kind, left HTML, right HTML); kind is equal, changed, removed or added."""
    rows = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            rows += [("equal", escape(text), escape(text)) for text in before[i1:i2]]
            continue
        old, new = before[i1:i2], after[j1:j2]
        for index in range(max(len(old), len(new))):
            if index < len(old) and index < len(new):
                rows.append(("changed", *compare_words(old[index], new[index])))
            elif index < len(old):
                rows.append(("removed", f"<del>{escape(old[index])}</del>", ""))
            else:
                rows.append(("added", "", f"<ins>{escape(new[index])}</ins>"))
    return rows
