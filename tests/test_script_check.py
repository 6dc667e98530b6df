"""The script checker (xeber/editorial/scriptcheck.py): what it reports in Russian, Azerbaijani
and English texts, plain and HTML, the fix each finding offers, and that it changes nothing
by itself.

Look-alike letters are invisible in source, so every test word that mixes scripts is built
from named letters and its make-up asserted with `scripts()`.
"""

import unicodedata

import pytest

from xeber.editorial import scriptcheck
from xeber.editorial.scriptcheck import KINDS, Finding, apply, check, check_article

LATIN_O = "\N{LATIN SMALL LETTER O}"
LATIN_I = "\N{LATIN SMALL LETTER I}"
LATIN_K = "\N{LATIN CAPITAL LETTER K}"
LATIN_A = "\N{LATIN CAPITAL LETTER A}"
CYRILLIC_A = "\N{CYRILLIC SMALL LETTER A}"
CYRILLIC_CAPITAL_A = "\N{CYRILLIC CAPITAL LETTER A}"
CYRILLIC_E = "\N{CYRILLIC SMALL LETTER IE}"
CYRILLIC_O = "\N{CYRILLIC SMALL LETTER O}"
CYRILLIC_SCHWA = "\N{CYRILLIC SMALL LETTER SCHWA}"
CYRILLIC_CAPITAL_SCHWA = "\N{CYRILLIC CAPITAL LETTER SCHWA}"

MOSCOW = f"М{LATIN_O}сква"  # Cyrillic but for a Latin o
BAKU = f"B{CYRILLIC_A}ku"  # Latin but for a Cyrillic а
AZERBAIJAN = f"{CYRILLIC_CAPITAL_A}zərbaycan"  # the first letter Cyrillic
ALIYEV = f"{CYRILLIC_CAPITAL_SCHWA}liyev"


def scripts(word: str) -> str:
    """C for a Cyrillic letter, L for a Latin one: what the eye cannot tell."""
    return "".join(unicodedata.name(letter)[0] for letter in word)


def apply_all(text: str, findings: list[Finding]) -> str:
    """Every fix, the last first, so that the earlier offsets still hold."""
    for finding in reversed(findings):
        text = apply(text, finding)
    return text


def kinds(findings: list[Finding]) -> list[str]:
    return [finding.kind for finding in findings]


def test_the_test_words_mix_scripts_as_they_say():
    assert scripts(MOSCOW) == "CLCCCC"
    assert scripts(BAKU) == "LCLL"
    assert scripts(AZERBAIJAN) == "CLLLLLLLLL"
    assert scripts(ALIYEV) == "CLLLLL"


# --- mixed-script ------------------------------------------------------------------------


def test_a_latin_letter_in_a_russian_word_is_fixed_to_its_cyrillic_look_alike():
    text = f"{MOSCOW} — столица"
    [finding] = check("title", text, "ru")
    assert (finding.kind, finding.start, finding.end, finding.found) == (
        "mixed-script",
        0,
        6,
        MOSCOW,
    )
    assert finding.message == f"“{MOSCOW}” mixes Latin and Cyrillic letters"
    fixed = apply(text, finding)
    assert fixed == "Москва — столица"
    assert scripts(fixed[:6]) == "CCCCCC"


def test_a_cyrillic_letter_in_a_latin_word_is_fixed_to_latin():
    [finding] = check("title", f"{BAKU} sammiti", "az")
    assert finding.kind == "mixed-script"
    assert apply(f"{BAKU} sammiti", finding) == "Baku sammiti"

    [finding] = check("lead", f"{AZERBAIJAN} Respublikası", "az")
    assert (finding.start, finding.end) == (0, 10)
    assert apply(f"{AZERBAIJAN} Respublikası", finding) == "Azərbaycan Respublikası"
    assert scripts(finding.replacement) == "L" * 10


def test_a_tie_goes_to_the_editions_script():
    cska = f"ЦС{LATIN_K}{LATIN_A}"
    assert scripts(cska) == "CCLL"
    [russian] = check("title", cska, "ru")
    assert russian.replacement == "ЦСКА"
    assert scripts(russian.replacement) == "CCCC"
    [azerbaijani] = check("title", cska, "az")
    assert azerbaijani.kind == "mixed-script"
    assert azerbaijani.replacement is None  # Ц has no Latin look-alike


def test_a_letter_without_a_look_alike_gets_a_warning_only():
    word = f"Пр{LATIN_I}вет"  # Russian has no і to turn the Latin i into
    [finding] = check("title", word, "ru")
    assert finding.kind == "mixed-script"
    assert finding.replacement is None
    with pytest.raises(ValueError, match="no one-click fix"):
        apply(word, finding)


def test_hyphenated_parts_are_separate_words():
    text = f"Санкт-{MOSCOW}-Петербург"
    [finding] = check("title", text, "ru")
    assert (finding.start, finding.end) == (6, 12)


def test_the_english_edition_gets_only_the_mixed_script_check():
    moscow = f"M{CYRILLIC_O}scow"
    assert scripts(moscow) == "LCLLLL"
    text = f'"Hello" ve ёлка, Baki and {moscow}'
    [finding] = check("title", text, "en")
    assert finding.kind == "mixed-script"
    assert apply(text, finding) == '"Hello" ve ёлка, Baki and Moscow'


# --- cyrillic-schwa ----------------------------------------------------------------------


def test_a_cyrillic_schwa_in_a_latin_word_is_one_finding():
    text = f"Prezident İlham {ALIYEV} bildirib"
    [finding] = check("title", text, "az")
    assert finding.kind == "cyrillic-schwa"
    assert finding.found == ALIYEV
    assert finding.message == f"“{ALIYEV}”: Cyrillic ә where Azerbaijani ə belongs"
    assert apply(text, finding) == "Prezident İlham Əliyev bildirib"


def test_every_schwa_and_look_alike_of_the_word_is_fixed():
    word = f"H{CYRILLIC_SCHWA}s{CYRILLIC_SCHWA}nov"
    [finding] = check("title", word, "az")
    assert (finding.kind, finding.replacement) == ("cyrillic-schwa", "Həsənov")

    word = f"{CYRILLIC_CAPITAL_SCHWA}liy{CYRILLIC_E}v"
    [finding] = check("title", word, "az")
    assert (finding.kind, finding.replacement) == ("cyrillic-schwa", "Əliyev")
    assert scripts(finding.replacement) == "L" * 6


def test_a_standalone_cyrillic_schwa_is_fixed():
    [finding] = check("title", f"A {CYRILLIC_SCHWA} B", "az")
    assert (finding.kind, finding.start, finding.replacement) == ("cyrillic-schwa", 2, "ə")


def test_a_cyrillic_azerbaijani_word_keeps_its_schwa():
    assert check("title", "Әлијев вә Бакы", "az") == []


def test_outside_the_azerbaijani_edition_a_schwa_is_a_mixed_script_finding():
    [finding] = check("title", ALIYEV, "ru")
    assert (finding.kind, finding.replacement) == ("mixed-script", "Əliyev")


# --- az-letters --------------------------------------------------------------------------


def test_words_typed_without_azerbaijani_letters_are_fixed_keeping_their_case():
    text = "Baki ve BAKI, VE Ile ILE baki ucun Gence"
    findings = check("title", text, "az")
    assert [(f.found, f.replacement) for f in findings] == [
        ("Baki", "Bakı"),
        ("ve", "və"),
        # BAKI is right already: the capital of ı is I.
        ("VE", "VƏ"),
        ("Ile", "İlə"),
        ("ILE", "İLƏ"),
        ("baki", "bakı"),
        ("ucun", "üçün"),
        ("Gence", "Gəncə"),
    ]
    assert set(kinds(findings)) == {"az-letters"}
    assert findings[0].message == "“Baki” is written without Azerbaijani letters: “Bakı”?"
    assert apply_all(text, findings) == "Bakı və BAKI, VƏ İlə İLƏ bakı üçün Gəncə"


def test_correct_azerbaijani_words_are_left_alone():
    text = "il bir yeni olan deyil sonra edib indi insan elan etdi nazirliyi Prezidenti"
    assert check("lead", text, "az") == []


def test_the_word_list_holds_only_misspellings_with_one_reading():
    correct = "il bir yeni olan deyil sonra edib indi insan elan etdi nazirliyi prezidenti"
    assert not set(correct.split()) & set(scriptcheck._AZ_WORDS)
    typed_for = {"ə": "e", "ü": "u", "ç": "c", "ş": "s", "ö": "o", "ğ": "g", "ı": "i"}
    for typed, meant in scriptcheck._AZ_WORDS.items():
        assert typed.isascii() and typed == typed.lower() and meant == meant.lower()
        assert "".join(typed_for.get(letter, letter) for letter in meant) == typed
        assert typed != meant


def test_a_long_azerbaijani_text_without_its_letters_is_warned_once():
    text = "Bu il Baki seherinde yeni bir layihe teqdim olunub ve sakinler razidir. " * 4
    findings = check("lead", text, "az")
    whole = findings[0]
    assert (whole.kind, whole.start, whole.end, whole.found) == ("az-letters", 0, len(text), text)
    assert whole.replacement is None
    assert whole.message == "No Azerbaijani letters in this text: typed without them?"
    # The word findings stay, though the warning spans them.
    assert [f.found for f in findings[1:]] == ["Baki", "ve"] * 4


def test_a_text_with_azerbaijani_letters_or_a_short_one_is_not_warned():
    text = "Bu il Bakı şəhərində yeni bir layihə təqdim olunub və sakinlər razıdır. " * 4
    assert check("lead", text, "az") == []
    short = "Bu il yeni bir layihe teqdim olunub. " * 4  # 116 letters
    assert check("lead", short, "az") == []


def test_only_the_text_of_an_html_body_counts_as_letters():
    link = "https://example.com/" + "a" * 300
    assert check("body", f'<p><a href="{link}">link</a></p>', "az", html=True) == []
    body = "<p>" + "Bu il yeni bir layihe teqdim olunub. " * 8 + "</p>"  # 232 letters
    [whole] = check("body", body, "az", html=True)
    assert (whole.start, whole.end, whole.replacement) == (0, len(body), None)


# --- yo ----------------------------------------------------------------------------------


def test_the_e_policy_flags_every_yo():
    text = "Ёлка и ещё всё"
    findings = check("title", text, "ru", yo_policy="e")
    assert [(f.found, f.replacement) for f in findings] == [
        ("Ёлка", "Елка"),
        ("ещё", "еще"),
        ("всё", "все"),
    ]
    assert findings[0].message == "“Ёлка”: the newsroom writes е, not ё"
    assert apply_all(text, findings) == "Елка и еще все"


def test_a_decomposed_yo_is_flagged_too():
    text = "е\N{COMBINING DIAERESIS}лка"
    [finding] = check("title", text, "ru")
    assert (finding.end, finding.replacement) == (5, "елка")


def test_the_yo_policy_flags_only_words_where_yo_is_certain():
    text = "Еще ее отчет и все, тема, неее, учёный"
    findings = check("title", text, "ru", yo_policy="yo")
    assert [(f.found, f.replacement) for f in findings] == [
        ("Еще", "Ещё"),
        ("ее", "её"),
        ("отчет", "отчёт"),
    ]
    assert findings[0].message == "“Еще”: the newsroom writes ё here"
    assert apply_all(text, findings) == "Ещё её отчёт и все, тема, неее, учёный"


def test_the_yo_word_list_differs_only_in_yo():
    for written, meant in scriptcheck._YO_WORDS.items():
        assert "ё" in meant and meant.replace("ё", "е") == written


@pytest.mark.parametrize("policy", ["", "none", "ё"])
def test_any_other_policy_flags_nothing(policy):
    assert check("title", "Еще ёлка", "ru", yo_policy=policy) == []


def test_yo_is_a_russian_check():
    assert check("title", "ёлка еще", "az") == []
    assert check("title", "ёлка еще", "en", yo_policy="yo") == []


# --- quotes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edition", "text", "fixed"),
    [
        ("ru", 'Компания "Газпром" сообщила', "Компания «Газпром» сообщила"),
        ("ru", '"Газпром" сообщил', "«Газпром» сообщил"),
        ("ru", 'Сказал ("да").', "Сказал («да»)."),
        ("ru", 'Ответ —"нет", а не "да"!', "Ответ —«нет», а не «да»!"),
        ("ru", '"Итоги" - "2025"', "«Итоги» - «2025»"),
        ("az", '"Neftçi" klubu "Qarabağ"la', "«Neftçi» klubu «Qarabağ»la"),
        ("az", '"Kapital Bank"-ın', "«Kapital Bank»-ın"),
        ("az", 'Klub ("Qarabağ") qalib', "Klub («Qarabağ») qalib"),
    ],
)
def test_straight_quote_pairs_become_guillemets(edition, text, fixed):
    findings = check("title", text, edition)
    assert set(kinds(findings)) == {"quotes"}
    assert findings[0].message == "Straight quotes: «» belong here"
    assert apply_all(text, findings) == fixed


def test_one_finding_spans_the_pair():
    text = 'Компания "Газпром" сообщила'
    [finding] = check("title", text, "ru")
    assert (finding.start, finding.end) == (9, 18)
    assert (finding.found, finding.replacement) == ('"Газпром"', "«Газпром»")


@pytest.mark.parametrize(
    "text",
    [
        'Экран 12" и всё',  # inches
        'Он сказал "да и ушёл',
        'Он сказал "да\nнет"',  # a new line ends the pairing
        'Ответ:"да"',
        '" Газпром "',
    ],
)
def test_an_unpaired_quote_is_not_reported(text):
    assert check("title", text, "ru", yo_policy="") == []


def test_nested_pairs_are_fixed_outer_first():
    text = 'Компания "Нефть "Баку"" сообщила'
    [outer] = check("title", text, "ru")
    once = apply(text, outer)
    assert once == 'Компания «Нефть "Баку"» сообщила'
    [inner] = check("title", once, "ru")
    assert apply(once, inner) == "Компания «Нефть «Баку»» сообщила"


def test_english_quotes_are_left_alone():
    assert check("title", 'He said "yes"', "en") == []


def test_only_azerbaijani_attaches_suffixes_to_a_closing_quote():
    assert check("title", '"Газпром"а нет', "ru") == []


# --- HTML --------------------------------------------------------------------------------


def test_html_offsets_are_into_the_raw_markup_and_attributes_are_never_read():
    body = (
        f'<p>Сайт <a href="https://example.com/{MOSCOW}?q=&quot;x&quot;" title="ёлка">'
        f'"Газпром"</a> и {MOSCOW}.</p>'
    )
    quotes, mixed = check("body", body, "ru", html=True)
    assert quotes.kind == "quotes"
    assert quotes.start == body.index('"Газпром"')
    assert (quotes.found, quotes.replacement) == ('"Газпром"', "«Газпром»")
    assert mixed.kind == "mixed-script"
    assert mixed.start == body.rindex(MOSCOW) > body.index(MOSCOW)
    assert apply_all(body, [quotes, mixed]) == (
        f'<p>Сайт <a href="https://example.com/{MOSCOW}?q=&quot;x&quot;" title="ёлка">'
        "«Газпром»</a> и Москва.</p>"
    )


def test_entity_quotes_pair_and_their_six_characters_are_replaced():
    body = "<p>&quot;Azərişıq&quot; ASC bildirib ki, işıq verilib.</p>"
    [finding] = check("body", body, "az", html=True)
    assert finding.kind == "quotes"
    assert (finding.start, finding.end) == (3, 23)
    assert finding.found == "&quot;Azərişıq&quot;"
    assert apply(body, finding) == "<p>«Azərişıq» ASC bildirib ki, işıq verilib.</p>"


def test_a_pair_may_span_inline_tags():
    body = '<p>Şirkət "<strong>Azərişıq</strong>" adlanır.</p>'
    [finding] = check("body", body, "az", html=True)
    assert finding.replacement == "«<strong>Azərişıq</strong>»"
    assert apply(body, finding) == "<p>Şirkət «<strong>Azərişıq</strong>» adlanır.</p>"


@pytest.mark.parametrize(
    "body",
    [
        '<p>Он сказал "да</p><p>нет" — ответ</p>',
        '<p>"да<br>нет"</p>',
        '<blockquote>"да</blockquote> нет"',
        '<h2>"Итоги</h2><figure><figcaption>года"</figcaption></figure>',
    ],
)
def test_no_pair_across_a_block_boundary(body):
    assert check("body", body, "ru", html=True) == []


def test_entities_are_not_letters_of_words():
    body = "<p>Студия&nbsp;Pixar &amp; Дисней&#160;Co&hellip;</p>"
    assert check("body", body, "ru", html=True) == []
    body = '<p><a href="/ve" title="Baki ve">Bakı</a> və Gəncə&amp;ve</p>'
    [finding] = check("body", body, "az", html=True)
    assert (finding.found, finding.start) == ("ve", body.rindex("ve"))


def test_a_tag_ends_a_word():
    body = f"<p><em>Мо</em>{LATIN_O}сква</p>"  # "Мо" and "oсква" are two words
    [finding] = check("body", body, "ru", html=True)
    assert finding.found == f"{LATIN_O}сква"
    assert finding.replacement == "осква"


# --- the whole article, overlaps, and the text left as it was ----------------------------


def test_the_article_is_checked_title_lead_body_in_order_of_position():
    fields = {"body": "<p>Gence ve</p>", "title": "Gence ve gun", "lead": "Baki"}
    findings = check_article(fields, "az")
    assert [(f.field, f.start) for f in findings] == [
        ("title", 0),
        ("title", 6),
        ("title", 9),
        ("lead", 0),
        ("body", 3),
        ("body", 9),
    ]
    assert len({f.key for f in findings}) == len(findings)
    assert findings[0].key == "title:az-letters:0:5"


def test_the_body_is_html_and_title_and_lead_are_plain_text():
    markup = '<a href="/ve">Bakı</a>'
    findings = check_article({"title": markup, "lead": markup, "body": markup}, "az")
    assert [(f.field, f.found, f.start) for f in findings] == [
        ("title", "ve", 10),
        ("lead", "ve", 10),
    ]


def test_overlapping_findings_keep_the_earlier():
    text = f'"{MOSCOW}" — столица'
    [finding] = check("title", text, "ru")
    assert finding.kind == "quotes"  # the word inside waits for the next check
    once = apply(text, finding)
    [word] = check("title", once, "ru")
    assert word.kind == "mixed-script"
    assert apply(once, word) == "«Москва» — столица"


def test_the_checker_changes_nothing_by_itself():
    fields = {
        "title": f'{MOSCOW}:\r\n "ёлка"\u00a0 ',
        "lead": "Baki ve  Gence\t",
        "body": "<p>&quot;Baki&quot;&nbsp;ve <b>Gence</b></p>\n<p>  ucun </p>",
    }
    before = dict(fields)
    findings = check_article(fields, "az")
    assert fields == before
    for finding in findings:
        assert fields[finding.field][finding.start : finding.end] == finding.found
        assert finding.kind in KINDS
    assert check_article(fields, "az") == findings  # and the same again


def test_apply_refuses_a_text_changed_since_the_check():
    text = "Baki ve Gence"
    baki = check("title", text, "az")[0]
    with pytest.raises(ValueError, match="changed since it was checked"):
        apply("Bakı ve Gence", baki)
    with pytest.raises(ValueError, match="changed since it was checked"):
        apply("Baki", check("title", "Bakı ve Gence", "az")[0])
    assert apply(text, baki) == "Bakı ve Gence"


def test_unknown_fields_are_refused():
    with pytest.raises(ValueError, match="unknown field"):
        check("subtitle", "ve", "az")
    with pytest.raises(ValueError, match="unknown fields"):
        check_article({"title": "ve", "subtitle": "ve"}, "az")


def test_the_look_alikes_cross_scripts():
    for table, source, target in [
        (scriptcheck._LATIN_TO_CYRILLIC, "LATIN", "CYRILLIC"),
        (scriptcheck._CYRILLIC_TO_LATIN, "CYRILLIC", "LATIN"),
    ]:
        for key, value in table.items():
            assert unicodedata.name(chr(key)).startswith(source)
            assert unicodedata.name(chr(value)).startswith(target)
    assert ord("i") not in scriptcheck._LATIN_TO_CYRILLIC  # Russian has no і


def test_a_long_body_keeps_exact_offsets_to_its_end():
    paragraph = (
        '<p>Компания <a href="https://example.com/news?id=1&amp;x=2">"Газпром"</a> сообщила, '
        "что <strong>объём</strong> поставок&nbsp;вырос на 12%.</p>\n"
    )
    body = paragraph * (60_000 // len(paragraph)) + f"<p>{MOSCOW}</p>"
    assert len(body) > 59_000
    findings = check("body", body, "ru", html=True)
    assert kinds(findings).count("quotes") == body.count('"Газпром"')
    assert kinds(findings).count("yo") == body.count("объём")
    last = findings[-1]
    assert (last.kind, last.start, last.replacement) == ("mixed-script", len(body) - 10, "Москва")
