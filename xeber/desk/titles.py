"""The admin's generated phrases with the model's name in the right case.

Django writes "Add %s", "Change %s", "Select %s to change" with a model's name as it is
named (the nominative), which Russian declines as the object of a verb: «Добавить статья»
must read «Добавить статью». A language that declines gives each model's name in the
"object of a verb" context of its translations (locale/ru: «статью», «автора»); others
keep the name. The pages' titles and the "Add" button use it, for every model in the
back office, ours and other projects' alike.
"""

from __future__ import annotations

import functools

from django.template.response import TemplateResponse
from django.utils.translation import gettext, pgettext

OBJECT = "object of a verb"
PHRASES = ("Add %s", "Change %s", "View %s", "Select %s to change", "Select %s to view")


def object_name(opts) -> str:
    """The model's name as the object of a verb, in the active language."""
    declined = pgettext(OBJECT, opts.verbose_name_raw)
    return declined if declined != opts.verbose_name_raw else str(opts.verbose_name)


def in_case(response, opts):
    """The page's title with the name declined, and the name for the "Add" button."""
    if isinstance(response, TemplateResponse) and response.context_data is not None:
        context = response.context_data
        named, declined = str(opts.verbose_name), object_name(opts)
        for phrase in PHRASES:
            if context.get("title") == gettext(phrase) % named:
                context["title"] = gettext(phrase) % declined
        context["declined_name"] = declined
    return response


def decline_titles(site) -> None:
    """Wrap the add, change and list views of every model the site shows (at start-up,
    once every app has registered its own)."""
    for model_admin in site._registry.values():
        for view in ("add_view", "change_view", "changelist_view"):
            setattr(model_admin, view, _declined(getattr(model_admin, view), model_admin.opts))


def _declined(view, opts):
    @functools.wraps(view)
    def declined(*args, **kwargs):
        return in_case(view(*args, **kwargs), opts)

    return declined
