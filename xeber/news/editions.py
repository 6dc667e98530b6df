"""Links to the other editions: a story's translation where one exists, else the front page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

LABELS = {"ru": "Рус", "az": "Az", "en": "En"}


@dataclass(frozen=True)
class EditionLink:
    code: str
    label: str
    url: str
    current: bool


def edition_links(current: str, pages: dict[str, str] | None = None) -> list[EditionLink]:
    pages = pages or {}
    return [
        EditionLink(code, LABELS.get(code, code), pages.get(code, f"/{code}/"), code == current)
        for code, _ in settings.LANGUAGES
    ]
