"""The posting desk: a back-office page for writing a live page fast, from a phone too.

Plain Django views under the back office's address (xeber/urls.py), for staff only, with
CSRF; every write goes through services.py, which asks policy.py: a refusal is a 403.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xeber.editorial.policy import Action, can, require
from xeber.editorial.services import InvalidTransition
from xeber.live import services
from xeber.live.forms import EndForm, EntryForm, JournalistsForm
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.live.services import StaleEntryEdit
from xeber.media.services import image_discard, image_upload
from xeber.news.models import Article

RECENT = 30


def _article(article_id: int) -> Article:
    return get_object_or_404(Article.objects.select_related("section"), pk=article_id)


def _entry(entry_id: int) -> LiveEntry:
    found = LiveEntry.objects.select_related("article", "image", "author")
    return get_object_or_404(found, pk=entry_id, deleted_at__isnull=True)


def _to_desk(article_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("live-desk:desk", args=[article_id]))


@staff_member_required
def desk(request, article_id: int):
    """The live page's entries, newest first, with the form for the next one."""
    article = _article(article_id)
    require(request.user, Action.LIVE_POST, article)
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        may_pin=can(request.user, Action.LIVE_PIN, article),
        editing=False,
    )
    if request.method == "POST" and form.is_valid():
        image = _uploaded(form, request.user)
        try:
            with _discarded_if_refused(image):
                entry = services.entry_post(
                    user=request.user, article=article, image=image, **_entry_fields(form)
                )
        except (InvalidTransition, ValueError, ValidationError) as refused:
            messages.error(request, _message(refused))
        else:
            _tell(request, _("Entry posted: readers see it now."), entry)
            return _to_desk(article.pk)
    return render(request, "live/desk.html", _desk_context(request, article, form))


def _desk_context(request, article: Article, form: EntryForm) -> dict:
    coverage = LiveCoverage.objects.filter(article=article).first()
    entries = LiveEntry.objects.filter(article=article, deleted_at__isnull=True)
    may_manage = can(request.user, Action.LIVE, article)
    return {
        **admin.site.each_context(request),
        "title": _("Live: %(title)s") % {"title": article.title},
        "article": article,
        "coverage": coverage,
        "form": form,
        "entries": entries.select_related("author", "image")[:RECENT],
        "may_manage": may_manage,
        "may_pin": can(request.user, Action.LIVE_PIN, article),
        "end_form": EndForm() if may_manage else None,
        "journalists_form": JournalistsForm(
            initial={"journalists": coverage.journalists.all() if coverage else []}
        )
        if may_manage and coverage
        else None,
    }


def _entry_fields(form: EntryForm) -> dict:
    data = form.cleaned_data
    fields = {
        "body": data["body"],
        "author": data["author"],
        "key_event": data["key_event"],
        "key_title": data["key_title"],
    }
    if "pinned" in form.fields:
        fields["pinned"] = data["pinned"]
    return fields


def _uploaded(form: EntryForm, user):
    data = form.cleaned_data
    if not data.get("image_upload"):
        return None
    return image_upload(
        upload=data["image_upload"],
        alt=data["image_alt"],
        caption=data["image_caption"],
        credit=data["image_credit"],
        user=user,
    )


def _message(refused: Exception) -> str:
    if isinstance(refused, ValidationError):
        return " ".join(refused.messages)
    return str(refused)


def _tell(request, done: str, entry: LiveEntry) -> None:
    messages.success(request, done)
    for note in getattr(entry, "body_notes", []):
        messages.warning(request, note)


@staff_member_required
def edit(request, entry_id: int):
    """Edit an entry; an edit made on an older version shows both versions."""
    entry = _entry(entry_id)
    require(request.user, Action.LIVE_EDIT, entry)
    may_pin = can(request.user, Action.LIVE_PIN, entry.article)
    initial = {
        "body": entry.body,
        "author": entry.author,
        "key_event": entry.key_event,
        "key_title": entry.key_title,
        "pinned": entry.pinned,
        "base_version": entry.version,
    }
    form = EntryForm(
        request.POST or None, request.FILES or None, initial=initial, may_pin=may_pin, editing=True
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            _save_edit(request, entry, form)
        except StaleEntryEdit as stale:
            conflict = stale.current
            form = _after_conflict(request, form, stale.current, may_pin)
            if request.FILES.get("image_upload"):
                messages.warning(request, _("Attach the picture again: it was not saved."))
        except (InvalidTransition, ValueError, ValidationError) as refused:
            messages.error(request, _message(refused))
        else:
            return _to_desk(entry.article_id)
    context = {
        **admin.site.each_context(request),
        "title": _("Edit an entry"),
        "article": entry.article,
        "entry": entry,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "live/edit.html", context)


def _save_edit(request, entry: LiveEntry, form: EntryForm) -> None:
    data = _entry_fields(form)
    image = _uploaded(form, request.user)
    if image is not None:
        data["image"] = image
    elif form.cleaned_data.get("remove_image"):
        data["image"] = None
    with _discarded_if_refused(image):
        edited = services.entry_edit(
            user=request.user,
            entry=entry,
            data=data,
            base_version=form.cleaned_data["base_version"],
        )
    _tell(request, _("Entry saved: readers see it now."), edited)


@contextmanager
def _discarded_if_refused(image):
    """The picture uploaded with an entry goes if the entry is refused (stale, ended): not
    in one transaction with the post, which may ask an embed provider first."""
    try:
        yield
    except Exception:
        if image is not None:
            image_discard(image)
        raise


def _after_conflict(request, form: EntryForm, current: LiveEntry, may_pin: bool) -> EntryForm:
    """The form again with the journalist's text, on the stored version: saving it now
    replaces the other edit knowingly."""
    data = request.POST.copy()
    data["base_version"] = current.version
    return EntryForm(data, may_pin=may_pin, editing=True)


@require_POST
@staff_member_required
def delete(request, entry_id: int):
    entry = _entry(entry_id)
    services.entry_delete(user=request.user, entry=entry)
    messages.success(request, _("Entry deleted: open pages drop it too."))
    return _to_desk(entry.article_id)


@require_POST
@staff_member_required
def pin(request, entry_id: int):
    entry = _entry(entry_id)
    pinned = request.POST.get("pinned") == "1"
    services.entry_pin(user=request.user, entry=entry, pinned=pinned)
    messages.success(request, _("Entry pinned.") if pinned else _("Entry unpinned."))
    return _to_desk(entry.article_id)


@require_POST
@staff_member_required
def start(request, article_id: int):
    article = _article(article_id)
    try:
        services.live_start(user=request.user, article=article)
    except InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The article is live: post the first entry."))
    return _to_desk(article.pk)


@require_POST
@staff_member_required
def end(request, article_id: int):
    article = _article(article_id)
    form = EndForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    try:
        services.live_end(user=request.user, article=article, summary=summary)
    except InvalidTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The live coverage has ended; its entries stay."))
    return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))


@require_POST
@staff_member_required
def journalists(request, article_id: int):
    article = _article(article_id)
    form = JournalistsForm(request.POST)
    if form.is_valid():
        services.live_assign(
            user=request.user, article=article, journalists=form.cleaned_data["journalists"]
        )
        messages.success(request, _("Journalists saved."))
    return _to_desk(article.pk)
