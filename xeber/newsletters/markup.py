"""The sign-up box under articles and on the front page: the same for every page of an
edition, so rendered once per language and process."""

from __future__ import annotations

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_boxes: dict[str, SafeString] = {}


def signup() -> SafeString:
    language = get_language()
    box = _boxes.get(language)
    if box is None:
        box = _boxes[language] = mark_safe(  # rendered by the autoescaping environment
            get_template("newsletters/signup.html", using="jinja2").render({})
        )
    return box
