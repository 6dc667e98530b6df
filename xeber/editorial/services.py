"""The editorial workflow: every write to an article goes through one of these.

Each service checks policy.py, records a revision or an audit entry (or both) and runs
in a transaction. States: draft -> review -> published (scheduled while its time is in
the future) -> unpublished; an editor may return an article to draft.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xeber.core.errors import Invalid
from xeber.core.html import sanitize_html
from xeber.editorial import scriptcheck
from xeber.editorial.models import AuditEntry, Correction, Revision, all_editions
from xeber.editorial.policy import Action, can, require
from xeber.editorial.roles import editions_of
from xeber.editorial.signals import article_published, article_unpublished
from xeber.embeds.markup import links_for_editor
from xeber.embeds.services import resolve_body
from xeber.media.blocks import body_for_editor, expand_body, has_gallery
from xeber.media.services import image_upload
from xeber.news.models import Article, Section, Tag
from xeber.news.services import current_breaking_text, unique_article_slug, unique_article_slugs
from xeber.pagecache import changes
from xeber.search.indexing import index_on_commit, remove_on_commit

# The fields a revision keeps and a restore puts back (workflow state is not content).
CONTENT_FIELDS = [
    "edition", "kind", "title", "slug", "lead", "body", "section_id", "cover_id", "published_at",
    "is_main", "source", "translation_key", "header_breaking", "header_rate_fixed", "header_usd",
]  # fmt: skip


class InvalidTransition(Exception):
    """The article's state does not allow this step (e.g. unpublishing a draft)."""


class StaleEdit(Exception):
    """The edit was made on an older version than the stored one; `current` is the newer
    article, for the caller to show."""

    def __init__(self, current: Article, base_version) -> None:
        super().__init__(
            _("This article was changed by someone else (now version %(current)s, the edit "
              "was made on %(base)s).") % {"current": current.version, "base": base_version}
        )  # fmt: skip
        self.current = current
        self.base_version = base_version


def snapshot(article: Article, relations: dict | None = None) -> dict:
    """All fields of the article, for a revision; `relations` as the save service just
    set them saves reading them back."""
    data = {}
    for name in CONTENT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, dt.datetime):
            value = value.isoformat()
        elif value is not None and name in {"translation_key", "header_usd"}:
            value = str(value)
        data[name] = value
    data["status"] = article.status
    for name, key in (("tags", "tag_ids"), ("authors", "author_ids")):
        if relations is not None and name in relations:
            data[key] = sorted(getattr(item, "pk", item) for item in relations[name])
        else:
            data[key] = sorted(getattr(article, name).values_list("pk", flat=True))
    return data


def _audit(user, action: str, article: Article, from_state: str = "", detail: str = "") -> None:
    _audit_entry(user, action, article, from_state, detail).save()


def _audit_entry(
    user, action: str, article: Article, from_state: str = "", detail: str = ""
) -> AuditEntry:
    return AuditEntry(
        user=user,
        action=action,
        article=article,
        article_title=article.title[:300],
        from_state=from_state,
        to_state=article.state,
        detail=detail,
    )


def revision_record(
    *, user, article: Article, note: str = "", relations: dict | None = None, first=False
) -> Revision:
    """The article as it is now; `first` for a new article (no earlier number to read)."""
    last = None if first else Revision.objects.filter(article_key=article.pk).first()
    revision = _revision(user, article, note, relations, number=(last.number + 1) if last else 1)
    revision.save()
    return revision


def _revision(user, article: Article, note: str, relations: dict | None, number: int) -> Revision:
    return Revision(
        article=article,
        article_key=article.pk,
        number=number,
        version=article.version,
        created_by=user,
        note=note,
        data=snapshot(article, relations),
    )


# From which states each step may be taken (the admin shows the buttons by these too).
State = Article.State
SUBMITTABLE = {State.DRAFT}
PUBLISHABLE = {State.DRAFT, State.REVIEW, State.UNPUBLISHED, State.SCHEDULED}
UNPUBLISHABLE = {State.PUBLISHED, State.SCHEDULED}
RETURNABLE = {State.REVIEW, State.UNPUBLISHED, State.SCHEDULED}
# Each workflow step: who may take it (policy.py) and from which states.
STEPS = {
    "submit": (Action.SUBMIT, SUBMITTABLE),
    "publish": (Action.PUBLISH, PUBLISHABLE),
    "schedule": (Action.SCHEDULE, PUBLISHABLE),
    "unpublish": (Action.UNPUBLISH, UNPUBLISHABLE),
    "return": (Action.RETURN, RETURNABLE),
}


# --- writing an article: the one path of the admin, the API, importers and commands ------
RELATIONS = ("tags", "authors")
# Readers have seen the address of an article in these states: it never changes.
SLUG_FIXED = {Article.Status.PUBLISHED, Article.Status.UNPUBLISHED}


@dataclass(frozen=True)
class CoverUpload:
    """A new cover image sent with the article (the admin's upload field)."""

    upload: object
    alt: str
    caption: str = ""
    credit: str = ""


def _fill(article: Article, data: dict) -> tuple[dict, CoverUpload | None]:
    """Put the plain fields of `data` on the article, in memory; returns the relations
    and the cover upload for _store."""
    values = dict(data)
    relations = {name: values.pop(name) for name in RELATIONS if name in values}
    cover_upload = values.pop("cover_upload", None)
    if article.pk and article.status in SLUG_FIXED:
        values.pop("slug", None)
    for name, value in values.items():
        setattr(article, name, value)
    return relations, cover_upload


def _store(article: Article, relations: dict, cover_upload: CoverUpload | None, user) -> None:
    if not article.slug:
        article.slug = unique_article_slug(
            edition=article.edition, title=article.title or "article", exclude_pk=article.pk
        )
    if cover_upload is not None:
        article.cover = image_upload(
            upload=cover_upload.upload,
            alt=cover_upload.alt,
            caption=cover_upload.caption,
            credit=cover_upload.credit,
            user=user,
        )
    _body_drawn(article, user)
    _write(article, relations)


def _write(article: Article, relations: dict | None = None) -> None:
    """Store the article (and the relations given), then tell the page cache what changed
    and the search index what to read again at commit: every article write ends here."""
    relations = relations or {}
    before = changes.listing(article.pk)
    article.save()
    for name, value in relations.items():
        getattr(article, name).set(value)
    changes.article_saved(article, before, relations.get("tags"), relations.get("authors"))
    index_on_commit(article.pk)


def _body_drawn(article: Article, user, ask: bool = True) -> None:
    """The body as it is stored: galleries and images drawn, lone links made embeds."""
    _expand_media(article)
    _embed_links(article, user, ask=ask)


def _expand_media(article: Article) -> None:
    """Galleries and our images in their final HTML (xeber/media/blocks.py), so the page
    reads nothing more; what the editor should hear of stays on the article for the caller
    (`body_notes`)."""
    expanded = expand_body(article.body, language=article.edition)
    article.body, article.body_notes = expanded.html, expanded.problems
    if article.kind == Article.Kind.PHOTO_REPORT and not has_gallery(article.body):
        article.body_notes.append(
            _("A photo report shows a gallery first: put one in its body, e.g. [gallery 12].")
        )


def _embed_links(article: Article, user, ask: bool = True) -> None:
    """Links alone in a paragraph become embeds (xeber/embeds/services.py), described by
    their providers once; what could not be embedded stays as written, with a note."""
    resolved = resolve_body(article.body, user=user, ask=ask)
    article.body = resolved.body
    article.body_notes = [*getattr(article, "body_notes", []), *resolved.warnings]


@transaction.atomic
def article_create(
    *,
    user,
    data: dict,
    status: str = Article.Status.DRAFT,
    step: str | None = None,
    article: Article | None = None,
    note: str | None = None,
    owner=None,
) -> Article:
    """A new article from `data` (model field names; `tags` and `authors` as lists,
    `cover_upload` as a CoverUpload), with its first revision and audit entry.

    People create drafts and move them on with `step` (the workflow button pressed with
    the save, checked before anything is written). Commands and importers (`user` None:
    the operator who runs them) may give another `status`. `article` is an unsaved
    instance to fill instead of a new one (the admin holds its own).
    """
    if user is not None:
        require(user, Action.CREATE)
        status = Article.Status.DRAFT
    article = article if article is not None else Article()
    relations, cover_upload = _fill(article, data)
    # `owner`: whose article it is when someone makes it for them (a translation).
    article.status, article.created_by, article.version = status, owner or user, 1
    if step:
        step_check(user=user, article=article, step=step)
    _store(article, relations, cover_upload, user)
    note = _("created") if note is None else note
    # A new article has no tags or authors but those given.
    relations = {"tags": [], "authors": [], **relations}
    revision_record(user=user, article=article, note=note, relations=relations, first=True)
    _audit(user, "created", article, article.state)
    if step:
        article_step(user=user, article=article, step=step)
    return article


@transaction.atomic
def articles_import(*, items: list[tuple[dict, str]], status: str) -> list[Article]:
    """New articles from an importer run by the operator (no user), each with `note` on
    its first revision: what article_create makes of each (a revision and an audit entry,
    the page cache and the search index told), in a few statements for the whole list, so
    a big archive goes in at hundreds of files a second (bench/imports.py). Plain fields
    only: importers of tags, authors or cover uploads call article_create.

    Raises IntegrityError if another writer took a slug meanwhile: the caller's savepoint
    undoes the list, and article_create can take its articles one by one."""
    articles = [_imported(data, status) for data, _ in items]
    for article, slug in zip(articles, unique_article_slugs(articles), strict=True):
        article.slug = article.slug or slug
    Article.objects.bulk_create(articles)  # no save(): _imported sanitised the bodies
    first = {"tags": [], "authors": []}
    Revision.objects.bulk_create(
        _revision(None, article, note, first, number=1)
        for article, (_, note) in zip(articles, items, strict=True)
    )
    AuditEntry.objects.bulk_create(
        _audit_entry(None, "created", article, article.state) for article in articles
    )
    changes.articles_created(articles)
    for article in articles:
        index_on_commit(article.pk)
    return articles


def _imported(data: dict, status: str) -> Article:
    article = Article()
    relations, cover_upload = _fill(article, data)
    if relations or cover_upload:
        raise ValueError("articles_import takes plain fields: save tags, authors and covers "
                         "with article_create")  # fmt: skip
    article.status, article.version = status, 1
    _body_drawn(article, None)
    article.body = sanitize_html(article.body)  # bulk_create skips Article.save
    return article


@transaction.atomic
def article_update(
    *,
    user,
    article: Article,
    data: dict,
    base_version: int | None,
    step: str | None = None,
    substantive: bool = False,
) -> Article:
    """Change an article that someone read at `base_version`, all or nothing.

    The version moves on from `base_version` only: an edit made on an older version than
    the stored one raises StaleEdit with the newer article and changes nothing, whoever
    sends it (the admin, the API, a command). A `substantive` edit of a story readers see
    tells them it was updated (Article.modified_at); a typo fix does not.
    """
    if user is not None:
        require(user, Action.EDIT, article)
    relations, cover_upload = _fill(article, data)
    if step:
        step_check(user=user, article=article, step=step)
    _claim_version(article.pk, base_version)
    article.version = base_version + 1
    substantive = substantive and article.is_public
    if substantive:
        article.revised_at = timezone.now()
    _store(article, relations, cover_upload, user)
    revision_record(user=user, article=article, relations=relations)
    _audit(user, "edited", article, article.state, "substantive update" if substantive else "")
    if step:
        article_step(user=user, article=article, step=step)
    return article


def article_store_fields(article: Article, fields: list[str]) -> None:
    """Store some fields of an article without a revision (derived content: expanded media,
    the corrections' copy); readers' pages and the search index hear of it as of any save."""
    before = changes.listing(article.pk)
    article.save(update_fields=fields)
    changes.article_saved(article, before)
    index_on_commit(article.pk)


def _claim_version(pk: int, base_version: int | None) -> None:
    claimed = base_version is not None and Article.objects.filter(
        pk=pk, version=base_version
    ).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(Article.objects.get(pk=pk), base_version)


def article_step(*, user, article: Article, step: str) -> Article:
    """Run the workflow step a button or an API call names."""
    runner = {
        "submit": article_submit,
        "publish": article_publish,
        "schedule": lambda **who: article_schedule(**who, at=article.published_at),
        "unpublish": article_unpublish,
        "return": article_return_to_draft,
    }[_step(step)[0]]
    return runner(user=user, article=article)


def step_check(*, user, article: Article, step: str) -> None:
    """Raise what `article_step` would, without writing: a save and its step are refused
    together, before anything is stored."""
    name, action, allowed = _step(step)
    _transition(user, article, action, allowed)
    if name == "schedule":
        _check_schedule_time(article.published_at)


def _step(step: str) -> tuple[str, Action, set]:
    if step not in STEPS:
        raise InvalidTransition(_("Unknown workflow step %(step)r.") % {"step": step})
    return (step, *STEPS[step])


def _transition(user, article: Article, action: Action, allowed_from: set[str]) -> str:
    require(user, action, article)
    state = article.state
    if state not in allowed_from:
        raise InvalidTransition(
            _("Cannot %(action)s an article that is %(state)s.")
            % {"action": action, "state": state}
        )
    return state


def _store_transition(user, article: Article, action: str, from_state: str, detail="") -> None:
    article.version += 1
    _write(article)
    revision_record(user=user, article=article, note=action)
    _audit(user, action, article, from_state, detail)


@transaction.atomic
def article_submit(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.SUBMIT, SUBMITTABLE)
    article.status = Article.Status.REVIEW
    _store_transition(user, article, "submitted", from_state)
    return article


@transaction.atomic
def article_return_to_draft(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.RETURN, RETURNABLE)
    article.status = Article.Status.DRAFT
    _store_transition(user, article, "returned", from_state)
    return article


@transaction.atomic
def article_publish(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.PUBLISH, PUBLISHABLE)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.header_breaking = article.header_breaking or current_breaking_text(article.edition)
    _store_transition(user, article, "published", from_state)
    article_published.send(sender=Article, article=article)
    return article


@transaction.atomic
def article_schedule(*, user, article: Article, at: dt.datetime) -> Article:
    """Publish at a future moment: published() shows it exactly then, no cron involved."""
    from_state = _transition(user, article, Action.SCHEDULE, PUBLISHABLE)
    _check_schedule_time(at)
    article.status = Article.Status.PUBLISHED
    article.published_at = at
    local = timezone.localtime(at)
    _store_transition(user, article, "scheduled", from_state, f"{local:%Y-%m-%d %H:%M %Z}")
    article_published.send(sender=Article, article=article)
    return article


def _check_schedule_time(at: dt.datetime) -> None:
    if at <= timezone.now():
        raise InvalidTransition(_("A scheduled time must be in the future."))


@transaction.atomic
def article_unpublish(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.UNPUBLISH, UNPUBLISHABLE)
    article.status = Article.Status.UNPUBLISHED
    _store_transition(user, article, "unpublished", from_state)
    article_unpublished.send(sender=Article, article=article)
    return article


@transaction.atomic
def revision_restore(*, user, article: Article, revision: Revision) -> Article:
    """Put a revision's content back; the restore is itself a new revision."""
    require(user, Action.RESTORE, article)
    data = revision.data
    # The publication time is workflow, and a slug that readers have seen never changes.
    keep = {"published_at"}
    if article.status in SLUG_FIXED:
        keep.add("slug")
    for name in CONTENT_FIELDS:
        if name in data and name not in keep:
            setattr(article, name, data[name])
    article.version += 1
    _expand_media(article)
    _write(article, {"tags": data.get("tag_ids", []), "authors": data.get("author_ids", [])})
    note = _("restored revision %(number)s") % {"number": revision.number}
    new = revision_record(user=user, article=article, note=note)
    _audit(user, "restored", article, article.state, note)
    return new


@transaction.atomic
def article_delete(*, user, article: Article) -> None:
    """Delete for good (chief editors); the audit log and the revisions keep its trace."""
    if user is not None:
        require(user, Action.DELETE, article)
    _audit(user, "deleted", article, article.state)
    changes.article_deleted(article)
    pk = article.pk
    article.delete()
    remove_on_commit(pk)


# --- corrections ------------------------------------------------------------------------


@transaction.atomic
def correction_add(*, user, article: Article, text: str) -> Correction:
    """A correction note on a published story, with its time: readers see it on the article,
    on the edition's corrections page and in its JSON-LD. Notes stay: a wrong one is put
    right by another.

    The article's copy of its notes is rebuilt from the rows under the article's lock, and
    its version moves on, so a save made on the version before cannot drop the note.
    """
    # NO KEY: rows that refer to the article (live entries) may still be written meanwhile.
    locked = Article.objects.select_for_update(no_key=True).get(pk=article.pk)
    if user is not None:  # None: the operator running a command (the demo newsroom)
        require(user, Action.CORRECT, locked)
    if not locked.is_public:
        raise InvalidTransition(_("Only a published article can carry a correction."))
    text = text.strip()
    if not text:
        raise ValueError("a correction needs its text")
    correction = Correction.objects.create(article=locked, text=text, created_by=user)
    notes = Correction.objects.filter(article=locked).order_by("created_at", "id")
    article.corrections = [note.as_note() for note in notes]
    article.version = locked.version + 1
    article_store_fields(article, ["corrections", "version", "updated_at"])
    _audit(user, "corrected", article, locked.state, text[:300])
    return correction


@transaction.atomic
def translation_create(*, user, article: Article, edition: str, translator) -> Article:
    """A draft of `article` in another edition, linked to it by their translation key:
    its structure, images and embeds as they are, its section and tags mapped to that
    edition (by slug; a section by position else), its text to be translated. It is given
    to `translator`, who finds it among their drafts."""
    require(user, Action.TRANSLATE, Article(edition=edition))
    if edition == article.edition or edition not in all_editions():
        raise Invalid(_("Choose another edition than the story's own."))
    if not (translator.is_active and can(translator, Action.CREATE)):
        raise Invalid(_("%(name)s does not write for the newsroom.") % {"name": translator})
    if edition not in editions_of(translator):
        raise Invalid(
            _("%(name)s does not write for the %(edition)s edition.")
            % {"name": translator, "edition": edition}
        )
    if article.translation_key is None:
        article.translation_key = uuid.uuid4()
        article_store_fields(article, ["translation_key"])
    elif Article.objects.filter(translation_key=article.translation_key, edition=edition).exists():
        raise Invalid(_("The story has a %(edition)s version already.") % {"edition": edition})
    data = {
        "edition": edition,
        "kind": article.kind,
        "title": article.title,
        "lead": article.lead,
        "body": body_for_editor(article.body),
        "section": _section_in(edition, article.section),
        "tags": list(
            Tag.objects.filter(edition=edition, slug__in=[t.slug for t in article.tags.all()])
        ),
        "authors": list(article.authors.all()),
        "cover": article.cover,
        "source": article.source,
        "translation_key": article.translation_key,
    }
    note = _("translation of #%(id)s for %(name)s") % {"id": article.pk, "name": translator}
    draft = article_create(user=user, data=data, note=note, owner=translator)
    _audit(user, "translate", draft, draft.state, detail=note)
    return draft


def _section_in(edition: str, section: Section) -> Section:
    sections = Section.objects.filter(edition=edition)
    found = (
        sections.filter(slug=section.slug).first()
        or sections.filter(position=section.position).first()
        or sections.first()
    )
    if found is None:
        raise Invalid(_("The %(edition)s edition has no sections yet.") % {"edition": edition})
    return found


def article_preview(article: Article, texts: dict) -> Article:
    """The article as it would read with `texts` (title, lead, body as the form has them:
    someone's working copy), for a preview: galleries and known embeds drawn, the body
    sanitised as a save does; nothing is stored and no provider is asked."""
    article.title = texts.get("title") or article.title
    article.lead = texts.get("lead", article.lead)
    article.body = texts.get("body", article.body)
    _body_drawn(article, None, ask=False)
    article.body = sanitize_html(article.body)  # as Article.save would
    return article


def editor_texts(article: Article) -> dict[str, str]:
    """The article's texts as the editor sees them in the form: the body with galleries
    and our images as written ([gallery 12], figures) and embeds as their links."""
    body = links_for_editor(body_for_editor(article.body))
    return {"title": article.title, "lead": article.lead, "body": body}


def script_findings(article: Article, texts: dict | None = None) -> list[scriptcheck.Finding]:
    """`texts`: the article's editor_texts, if the caller has them already."""
    return scriptcheck.check_article(
        texts or editor_texts(article), article.edition, yo_policy=settings.SCRIPT_CHECK_YO
    )


@transaction.atomic
def article_script_fix(*, user, article: Article, key: str, base_version: int | None) -> Article:
    """Apply the one fix of the script check an editor clicked, as an edit of the version
    they saw: nothing else in the text changes, and nothing changes without the click."""
    texts = editor_texts(article)
    finding = next(
        (
            found
            for found in script_findings(article, texts)
            if found.key == key and found.replacement
        ),
        None,
    )
    if finding is None:
        raise Invalid(_("That fix no longer applies: the text has changed since."))
    fixed = scriptcheck.apply(texts[finding.field], finding)
    return article_update(
        user=user, article=article, data={finding.field: fixed}, base_version=base_version
    )
