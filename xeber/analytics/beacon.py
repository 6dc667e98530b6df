"""The beacon's endpoint, answered in front of Django (as page-cache hits are: wsgi.py) and,
for the test client and anything that reaches Django, by views.beacon. Every refusal is a
4xx that says why; a read is counted or not, and the answer is the same 204 either way
(nothing tells a client whether its read counted)."""

from __future__ import annotations

import functools
import hmac
import logging
import re

from django.conf import settings

from xeber.analytics.counting import SOURCES, is_bot, read_count, token

logger = logging.getLogger(__name__)
PATH = "/reads/beacon"
TOKEN = re.compile(r"[0-9a-f]{16}\Z")
BODY_LIMIT = 512


@functools.cache
def _editions() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def answer(**beacon) -> tuple[int, str]:
    """(status, reason) for one beacon; a store of counters that fails loses the read,
    not the reader's page (503, logged)."""
    try:
        return _answer(**beacon)
    except Exception:
        logger.exception("reads: a beacon could not be counted")
        return 503, "reads are not counted just now"


def _answer(*, method: str, body: bytes, client: str, agent: str) -> tuple[int, str]:
    if method != "POST":
        return 405, "POST a beacon"
    if len(body) > BODY_LIMIT:
        return 413, f"a beacon is at most {BODY_LIMIT} bytes"
    # A beacon's values are digits and lowercase letters alone, so it is split by hand
    # (parse_qs costs as much as the rest of the answer); anything escaped is refused.
    try:
        fields = dict(pair.partition("=")[::2] for pair in body.decode("ascii").split("&"))
    except UnicodeDecodeError:
        fields = {}
    number, given = fields.get("a", ""), fields.get("t", "")
    if not (number.isascii() and number.isdigit() and len(number) < 12 and TOKEN.match(given)):
        return 400, "a beacon is a=<article id>&e=<edition>&s=<source>&t=<token>"
    article_id = int(number)
    edition, source = fields.get("e", ""), fields.get("s", "")
    if edition not in _editions() or source not in SOURCES or article_id <= 0:
        return 400, "unknown edition or source"
    if not hmac.compare_digest(given, token(edition, article_id)):
        return 403, "not a story of this site"
    if not is_bot(agent):
        read_count(
            edition=edition, article_id=article_id, source=source, client=client, agent=agent
        )
    return 204, ""
