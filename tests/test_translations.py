"""Every interface string is translated into Russian and Azerbaijani, and compiled."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "xeber" / "locale"
# An entry without a context (a context line, ending in a quote, would come just before).
ENTRY = re.compile(r'(?<!"\n)^msgid "(.*)"\nmsgstr "(.*)"', re.MULTILINE)
# An entry with a context (pgettext: the model names declined in xeber/desk/titles.py).
CONTEXT_ENTRY = re.compile(r'^msgctxt "(.*)"\nmsgid "(.*)"\nmsgstr "(.*)"', re.MULTILINE)


@pytest.mark.parametrize("language", ["ru", "az"])
def test_catalogue_is_complete_and_not_fuzzy(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    untranslated = [msgid for msgid, msgstr in ENTRY.findall(text) if msgid and not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in text


@pytest.mark.parametrize("language", ["ru", "az"])
def test_the_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    text = (folder / "django.po").read_text(encoding="utf-8")
    stale = [
        msgid
        for msgid, msgstr in ENTRY.findall(text)
        if msgid and compiled.gettext(msgid.replace('\\"', '"')) != msgstr.replace('\\"', '"')
    ]
    stale += [
        msgid
        for context, msgid, msgstr in CONTEXT_ENTRY.findall(text)
        if compiled.pgettext(context, msgid) != msgstr
    ]
    assert stale == [], "run `xeber compilemessages`"
