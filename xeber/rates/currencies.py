"""Names of the bulletin's currencies and metals in the editions' languages.

The bank names each currency in Azerbaijani only; unknown codes fall back to that name,
then to the code itself, so a currency the bank adds one day still shows.
"""

from __future__ import annotations

# code: (Russian, Azerbaijani, English)
NAMES = {
    "AZN": ("Азербайджанский манат", "Azərbaycan manatı", "Azerbaijani manat"),
    "USD": ("Доллар США", "ABŞ dolları", "US dollar"),
    "EUR": ("Евро", "Avro", "Euro"),
    "RUB": ("Российский рубль", "Rusiya rublu", "Russian rouble"),
    "TRY": ("Турецкая лира", "Türkiyə lirəsi", "Turkish lira"),
    "GBP": ("Фунт стерлингов", "Britaniya funt sterlinqi", "Pound sterling"),
    "GEL": ("Грузинский лари", "Gürcü larisi", "Georgian lari"),
    "JPY": ("Японская иена", "Yaponiya yeni", "Japanese yen"),
    "CNY": ("Китайский юань", "Çin yuanı", "Chinese yuan"),
    "CHF": ("Швейцарский франк", "İsveçrə frankı", "Swiss franc"),
    "KZT": ("Казахстанский тенге", "Qazaxıstan tengesi", "Kazakhstani tenge"),
    "UAH": ("Украинская гривна", "Ukrayna qrivnası", "Ukrainian hryvnia"),
    "BYN": ("Белорусский рубль", "Belarus rublu", "Belarusian rouble"),
    "UZS": ("Узбекский сум", "Özbəkistan somu", "Uzbekistani som"),
    "KGS": ("Киргизский сом", "Qırğızıstan somu", "Kyrgyzstani som"),
    "TJS": ("Таджикский сомони", "Tacikistan somonisi", "Tajikistani somoni"),
    "TMT": ("Туркменский манат", "Türkmənistan manatı", "Turkmenistani manat"),
    "MDL": ("Молдавский лей", "Moldova leyi", "Moldovan leu"),
    "IRR": ("Иранский риал", "İran rialı", "Iranian rial"),
    "AED": ("Дирхам ОАЭ", "BƏƏ dirhəmi", "UAE dirham"),
    "SAR": ("Саудовский риял", "Səudiyyə Ərəbistanı riyalı", "Saudi riyal"),
    "KWD": ("Кувейтский динар", "Küveyt dinarı", "Kuwaiti dinar"),
    "ILS": ("Израильский шекель", "İsrail şekeli", "Israeli shekel"),
    "EGP": ("Египетский фунт", "Misir funtu", "Egyptian pound"),
    "INR": ("Индийская рупия", "Hindistan rupisi", "Indian rupee"),
    "PKR": ("Пакистанская рупия", "Pakistan rupisi", "Pakistani rupee"),
    "KRW": ("Южнокорейская вона", "Cənubi Koreya vonu", "South Korean won"),
    "SGD": ("Сингапурский доллар", "Sinqapur dolları", "Singapore dollar"),
    "HKD": ("Гонконгский доллар", "Honkonq dolları", "Hong Kong dollar"),
    "TWD": ("Тайваньский доллар", "Tayvan dolları", "Taiwan dollar"),
    "MYR": ("Малайзийский ринггит", "Malayziya ringgiti", "Malaysian ringgit"),
    "IDR": ("Индонезийская рупия", "İndoneziya rupisi", "Indonesian rupiah"),
    "AUD": ("Австралийский доллар", "Avstraliya dolları", "Australian dollar"),
    "NZD": ("Новозеландский доллар", "Yeni Zelandiya dolları", "New Zealand dollar"),
    "CAD": ("Канадский доллар", "Kanada dolları", "Canadian dollar"),
    "MXN": ("Мексиканское песо", "Meksika pesosu", "Mexican peso"),
    "BRL": ("Бразильский реал", "Braziliya realı", "Brazilian real"),
    "ARS": ("Аргентинское песо", "Argentina pesosu", "Argentine peso"),
    "CLP": ("Чилийское песо", "Çili pesosu", "Chilean peso"),
    "ZAR": ("Южноафриканский рэнд", "Cənubi Afrika randı", "South African rand"),
    "SEK": ("Шведская крона", "İsveç kronu", "Swedish krona"),
    "NOK": ("Норвежская крона", "Norveç kronu", "Norwegian krone"),
    "DKK": ("Датская крона", "Danimarka kronu", "Danish krone"),
    "PLN": ("Польский злотый", "Polşa zlotısı", "Polish zloty"),
    "CZK": ("Чешская крона", "Çexiya kronu", "Czech koruna"),
    "HUF": ("Венгерский форинт", "Macarıstan forinti", "Hungarian forint"),
    "LBP": ("Ливанский фунт", "Livan funtu", "Lebanese pound"),
    "SDR": ("СДР (МВФ)", "SDR (BVF-nin xüsusi borcalma hüquqları)", "SDR (IMF)"),
    "XAU": ("Золото (тройская унция)", "Qızıl (troya unsiyası)", "Gold (troy ounce)"),
    "XAG": ("Серебро (тройская унция)", "Gümüş (troya unsiyası)", "Silver (troy ounce)"),
    "XPT": ("Платина (тройская унция)", "Platin (troya unsiyası)", "Platinum (troy ounce)"),
    "XPD": ("Палладий (тройская унция)", "Palladium (troya unsiyası)", "Palladium (troy ounce)"),
}
_COLUMN = {"ru": 0, "az": 1, "en": 2}
METALS = {"XAU", "XAG", "XPT", "XPD"}


def currency_name(code: str, language: str, bulletin_name: str = "") -> str:
    names = NAMES.get(code)
    if names:
        return names[_COLUMN.get(language, 2)]
    # "100 Rusiya rublu" -> "Rusiya rublu"
    return bulletin_name.lstrip("0123456789 ").strip() or code
