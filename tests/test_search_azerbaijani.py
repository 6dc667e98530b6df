"""The Azerbaijani suffix stripper against a table of word forms and their roots."""

import pytest

from xeber.search.azerbaijani import FOLD, stem, stem_folded

# "form root" pairs: plural, possessive and case endings on nouns; tense and voice on verbs.
TABLE = """
xəbər xəbər, xəbərlər xəbər, xəbərləri xəbər, xəbərin xəbər, xəbərdə xəbər
xəbərdən xəbər, xəbərə xəbər, xəbəri xəbər, şəhər şəhər, şəhərdə şəhər, şəhərin şəhər
şəhərlər şəhər, şəhərlərimizdə şəhər, şəhərə şəhər, bakı bakı, bakıda bakı
bakının bakı, bakıya bakı, bakıdan bakı, ölkə ölkə, ölkələr ölkə, ölkəmizin ölkə
ölkəsi ölkə, ölkəsindən ölkə, ölkədə ölkə, kitab kitab, kitablar kitab
kitablarımız kitab, kitabı kitab, kitabın kitab, kitabla kitab, məktəb məktəb
məktəbə məktəb, məktəbdən məktəb, məktəbdə məktəb, məktəblər məktəb
prezident prezident, prezidentin prezident, prezidentlə prezident
prezidenti prezident, nazirlik nazirlik, nazirliyi nazirlik, nazirliyin nazirlik
parlament parlament, parlamentdə parlament, parlamentin parlament, qanun qanun
qanunu qanun, qanunlar qanun, qanunun qanun, manat manat, manatla manat
manatın manat, bank bank, banklar bank, bankın bank, bankların bank, açılır açıl
açılıb açıl, açıldı açıl, açılacaq açıl, qazanıb qazan, qazandı qazan, qazanır qazan
gəlmək gəl, keçirilib keçiril, keçiriləcək keçiril, rayon rayon, rayonda rayon
rayonlarında rayon, kənd kənd, kəndində kənd, kəndlər kənd, sahil sahil, sahilə sahil
sahildə sahil, yol yol, yolda yol, yollar yol, dil dil, dildə dil, gün gün, günü gün
günlər gün, söz söz, sözü söz, sözlər söz, komanda komanda, komandası komanda
komandada komanda, futbolçu futbolçu, futbolçular futbolçu, sürücü sürücü
sürücülər sürücü, iştirakçı iştirakçı, iştirakçılar iştirakçı, güləşçilər güləşçi
gəncə gəncə, gəncədə gəncə, gəncənin gəncə, turnir turnir, turnirdə turnir
tədbir tədbir, tədbirdə tədbir, tədbirlər tədbir, qələbə qələbə, qələbəsi qələbə
layihə layihə, layihəsi layihə, layihələr layihə, həftə həftə, həftədə həftə
məzənnə məzənnə, məzənnələri məzənnə, forum forum, forumu forum, forumda forum
dövlət dövlət, dövlətin dövlət, dövlətlər dövlət, iqtisadiyyat iqtisadiyyat
iqtisadiyyatın iqtisadiyyat, medal medal, medalları medal, liman liman
limanları liman, çempionat çempionat, çempionatı çempionat, danışıq danışıq
danışıqlar danışıq, səfir səfir, səfiri səfir, uşaq uşaq, uşaqlar uşaq, ayaq ayaq
ayağı ayaq, mənzil mənzil, mənzilə mənzil, küçə küçə, küçədə küçə
"""
PAIRS = [tuple(item.split()) for item in TABLE.replace("\n", ",").split(",") if item.strip()]


def test_the_table_has_at_least_a_hundred_forms():
    assert len(PAIRS) >= 100


@pytest.mark.parametrize(("form", "root"), PAIRS)
def test_each_form_reduces_to_its_root(form, root):
    assert stem(form) == root


@pytest.mark.parametrize("word", ["ev", "su", "bakı", "qanun", "forum", "ölkə", "xalça", "ana"])
def test_a_root_is_never_cut(word):
    assert stem(word) == word


def test_every_form_of_a_noun_meets_the_same_root():
    forms = ["şəhər", "şəhərlər", "şəhərin", "şəhərdə", "şəhərlərimizdə", "şəhərə"]
    assert {stem(form) for form in forms} == {"şəhər"}


@pytest.mark.parametrize(("form", "root"), PAIRS)
def test_folded_forms_meet_the_folded_root(form, root):
    assert stem_folded(form.translate(FOLD)) == root.translate(FOLD)
