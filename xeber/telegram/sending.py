"""Posting a story to a Telegram channel, and deleting the post, through python-telegram-bot
(the Bot API's client; TELEGRAM_API_URL points it at a test server). Run by a worker, never
in a request (xeber/deliveries).

A post is the headline as a link to the story, in bold, then its lead, in Telegram's HTML
parse mode (escaped here); with the story's cover as the photo when it has one (uploaded:
the channel's readers' apps never ask our site for it). What Telegram answers decides what
happens next: 429 waits its retry_after; a timeout or a 5xx is tried again later; 400 and
403 (the bot removed from the channel, a chat that does not exist) are for editors.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone
from telegram import Bot
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from xeber.deliveries.models import Delivery
from xeber.deliveries.services import Refused, RetryLater
from xeber.telegram.models import TelegramChannel

# Telegram's limits on what a reader sees (after the HTML is read).
CAPTION_LIMIT = 1024
TEXT_LIMIT = 4096
# The widest of our renditions sent as the photo (Telegram shows up to 1280 px).
PHOTO_WIDTH = 1280


def post(delivery: Delivery) -> str:
    channel = _channel(delivery)
    article = delivery.article
    if article is None or article.status != article.Status.PUBLISHED:
        raise Refused("the story is no longer published")
    if not article.is_public:  # rescheduled later since: wait for its time
        wait = (article.published_at - timezone.now()).total_seconds()
        raise RetryLater("the story is scheduled for later", after=wait)
    photo = _photo(article)
    text = compose(article, CAPTION_LIMIT if photo else TEXT_LIMIT)

    async def send(bot: Bot):
        if photo is not None:
            return await bot.send_photo(
                channel.chat_id, photo=photo, caption=text, parse_mode="HTML"
            )
        return await bot.send_message(channel.chat_id, text, parse_mode="HTML")

    message = _call(channel, send)
    return str(message.message_id)


def alert(delivery: Delivery) -> str:
    """An alert's own text in bold, with a link to its story when it has one."""
    channel = _channel(delivery)
    text = f"🔴 <b>{html.escape(delivery.params['text'])}</b>"
    article = delivery.article
    if article is not None and article.is_public:
        url = settings.SITE_URL.rstrip("/") + article.get_absolute_url()
        text += f'\n\n<a href="{html.escape(url)}">{html.escape(article.title)}</a>'
    message = _call(channel, lambda bot: bot.send_message(channel.chat_id, text, parse_mode="HTML"))
    return str(message.message_id)


def delete(delivery: Delivery) -> str:
    """The post named by the delivery's `post` key, once it has gone (one being sent when
    the story was taken off is waited for)."""
    channel = _channel(delivery)
    posted = Delivery.objects.filter(key=delivery.params["post"]).first()
    if posted is None or posted.state in (Delivery.State.CANCELLED, Delivery.State.FAILED):
        return ""  # never posted: nothing to delete
    if posted.state != Delivery.State.SENT:
        raise RetryLater("the post is still being sent")
    message_id = int(posted.external_id)

    async def remove(bot: Bot):
        try:
            return await bot.delete_message(channel.chat_id, message_id)
        except BadRequest as error:
            if "not found" in error.message.lower():
                return True  # deleted in Telegram already: what was asked is done
            raise

    _call(channel, remove)
    return ""


def _channel(delivery: Delivery) -> TelegramChannel:
    channel = TelegramChannel.objects.filter(pk=delivery.params.get("channel")).first()
    if channel is None:
        raise Refused("the channel was removed from Xeber")
    if not channel.active and delivery.action != "delete":
        raise Refused("posting to this channel is paused")
    return channel


def compose(article, limit: int) -> str:
    """`<b><a href="…">Headline</a></b>`, an empty line, the lead; the lead shortened with
    an ellipsis to keep within Telegram's limit."""
    url = settings.SITE_URL.rstrip("/") + article.get_absolute_url()
    title = " ".join(article.title.split())
    head = f'<b><a href="{html.escape(url)}">{html.escape(title)}</a></b>'
    lead = " ".join(article.lead.split())
    room = limit - _length(title) - 2
    if room <= 1 or not lead:
        return head
    if _length(lead) > room:
        lead = _shortened(lead, room - 1) + "…"
    return f"{head}\n\n{html.escape(lead)}"


def _length(text: str) -> int:
    """Telegram counts UTF-16 code units: an emoji outside the BMP counts 2."""
    return len(text.encode("utf-16-le")) // 2


def _shortened(text: str, units: int) -> str:
    """The longest start of the text within `units`, never cutting a character in two."""
    while _length(text) > units:
        text = text[: max(0, len(text) - max(1, (_length(text) - units) // 2))]
    return text.rstrip()


def _photo(article) -> bytes | None:
    """The cover's widest JPEG rendition up to PHOTO_WIDTH, else its original."""
    cover = article.cover
    if cover is None:
        return None
    fitting = [
        variant
        for variant in cover.variants
        if variant["format"] == "jpeg" and variant["width"] <= PHOTO_WIDTH
    ]
    name = (
        max(fitting, key=lambda variant: variant["width"])["name"] if fitting else cover.file.name
    )
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except OSError:
        return None  # the file is gone: the post goes without it


def _call(channel: TelegramChannel, action):
    """Run one Bot API call; Telegram's answers become what deliveries understand, with
    the token taken out of anything recorded."""
    timeout = settings.TELEGRAM_TIMEOUT
    request = HTTPXRequest(
        connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout, pool_timeout=timeout
    )
    bot = Bot(channel.bot_token, base_url=settings.TELEGRAM_API_URL, request=request)

    async def run():
        async with bot:
            return await action(bot)

    try:
        return asyncio.run(run())
    except RetryAfter as error:
        raise RetryLater(channel.scrub(f"Telegram: {error.message}"), _seconds(error)) from None
    except (Forbidden, InvalidToken, BadRequest) as error:
        raise Refused(channel.scrub(f"Telegram refused: {error.message}")) from None
    except NetworkError as error:  # timeouts, 5xx, connections refused or dropped
        raise RetryLater(channel.scrub(f"Telegram unreachable: {error.message}")) from None
    except Exception as error:  # anything else is tried again too, its text scrubbed here
        raise RetryLater(channel.scrub(f"{type(error).__name__}: {error}")) from None


def _seconds(error: RetryAfter) -> float:
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
