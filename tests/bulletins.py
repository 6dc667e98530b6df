"""Bulletins in the central bank's format (FORMAT.md section 2), with our own numbers."""

from __future__ import annotations

import datetime as dt

METALS = [
    ("XAU", "1 t.u.", "Qızıl", "7012.3315"),
    ("XAG", "1 t.u.", "Gümüş", "81.2207"),
    ("XPT", "1 t.u.", "Platin", "2650.4"),
    ("XPD", "1 t.u.", "Palladium", "1702.15"),
]
CURRENCIES = [
    ("USD", "1", "1 ABŞ dolları", "1.7"),
    ("EUR", "1", "1 Avro", "1.9765"),
    ("RUB", "100", "100 Rusiya rublu", "2.1034"),
    ("JPY", "100", "100 Yaponiya yeni", "1.1047"),
    ("TRY", "1", "1 Türkiyə lirəsi", "0.0401"),
    ("GBP", "1", "1 Britaniya funt sterlinqi", "2.2388"),
    ("GEL", "1", "1 Gürcü larisi", "0.6302"),
    ("KZT", "100", "100 Qazaxıstan tengesi", "0.3311"),
    ("SDR", "1", "1 SDR (BVF-nin xüsusi borcalma hüquqları)", "2.3320"),
]


def _valute(code: str, nominal: str, name: str, value: str) -> str:
    # The bank's currency group is full of blank lines and indentation.
    return (
        f'\n\t\t<Valute Code="{code}">\n\n\t\t\t<Nominal>{nominal}</Nominal>\n'
        f"\t\t\t<Name>{name}</Name>\n\n\t\t\t<Value>{value}</Value>\n\t\t</Valute>\n"
    )


def bulletin(
    day: dt.date, *, currencies=None, metals=None, overrides: dict[str, str] | None = None
) -> bytes:
    overrides = overrides or {}
    currencies = CURRENCIES if currencies is None else currencies
    metals = METALS if metals is None else metals

    def rows(items):
        return "".join(
            _valute(code, nominal, name, overrides.get(code, value))
            for code, nominal, name, value in items
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ValCurs Date="{day:%d.%m.%Y}" Name="AZN məzənnələri" '
        f'Description="{day:%d.%m.%Y} tarixinə rəsmi məzənnələr">\n'
        f'\t<ValType Type="Bank metalları">{rows(metals)}\t</ValType>\n'
        f'\t<ValType Type="Xarici valyutalar">\n{rows(currencies)}\n\n\t</ValType>\n'
        "</ValCurs>\n"
    ).encode()


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE ValCurs [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">\n'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n'
    b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\n]>\n'
    b'<ValCurs Date="20.11.2026"><ValType Type="Xarici valyutalar"><Valute Code="USD">'
    b"<Nominal>1</Nominal><Name>&d;</Name><Value>1.7</Value></Valute></ValType></ValCurs>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE ValCurs [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    b'<ValCurs Date="20.11.2026"><ValType Type="Xarici valyutalar"><Valute Code="USD">'
    b"<Nominal>1</Nominal><Name>&x;</Name><Value>1.7</Value></Valute></ValType></ValCurs>"
)
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Soon</body>"
