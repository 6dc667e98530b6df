"""A loopback stand-in for Telegram's Bot API, for tests of what Xeber posts to channels.

The product talks to it through python-telegram-bot with ``base_url = api.url + "/bot"``::

    with TelegramBotApi() as api:
        api.add_bot(TOKEN)
        api.add_chat(TOKEN, -1001234567890, title="Xeber")
        ...  # run the product
        assert api.messages(-1001234567890)[0]["text"] == "<b>Hello</b>"

Answers follow the real API's shapes, status codes and error descriptions, so the product's
error handling meets what it will meet in production.
"""

from __future__ import annotations

import copy
import email.parser
import email.policy
import itertools
import json
import re
import struct
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

from tests.loopback import read_body

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# What Telegram keeps of a photo: the longest side of its largest size.
PHOTO_SIDE = 1280
# Telegram does not tell how big a photo behind a URL is; any plausible size will do.
URL_PHOTO_SIZE = (1280, 720)

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str
    data: bytes = field(repr=False)
    content_type: str = "application/octet-stream"

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Call:
    """One request to the API, whatever it was answered.

    ``status`` is the HTTP status answered: None while a hung call waits, and for a dropped one.
    """

    method: str
    token: str = field(repr=False)  # kept out of assertion messages and logs
    params: dict[str, Any] = field(default_factory=dict)
    status: int | None = None


class HtmlError(ValueError):
    """Text that Telegram's HTML parse mode refuses; the message follows Telegram's wording."""


class _ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def payload(self) -> dict:
        body = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


# --- HTML parse mode -----------------------------------------------------------------------

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8}));")
_PLAIN = re.compile(r"[^<&]+")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_SPACES = " \t\r\n\f\v"
# An attribute name never holds a space, so this key cannot clash with one the text sets.
_LANGUAGE = " language"


def _u16(text: str) -> int:
    # Entity offsets and lengths count UTF-16 code units, as the Bot API specifies.
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    name: str
    start: int
    attrs: dict[str, str]


class _HtmlParser:
    """Telegram's HTML parse mode: its tags only, strictly nested, and escaped ``<``/``&``.

    Error texts and byte offsets (UTF-8) follow those of Telegram's own parser. Unlike
    Telegram, which keeps a stray ``&`` as it is, a bare ``&`` is refused: it means the
    product forgot to escape something.
    """

    def __init__(self, source: str) -> None:
        self.source, self.i = source, 0
        self.pieces: list[str] = []
        self.pos = 0  # length of the output so far, in UTF-16 units
        self.stack: list[_Open] = []
        self.entities: list[dict] = []

    def at(self, index: int) -> str:
        return f"at byte offset {len(self.source[:index].encode())}"

    def parse(self) -> tuple[str, list[dict]]:
        source = self.source
        while self.i < len(source):
            char = source[self.i]
            if char == "&":
                self.i, text = self.char_ref(self.i)
            elif char == "<":
                if source.startswith("</", self.i):
                    self.end_tag()
                else:
                    self.start_tag()
                continue
            else:
                match = _PLAIN.match(source, self.i)
                text, self.i = match.group(), match.end()
            self.pieces.append(text)
            self.pos += _u16(text)
        if self.stack:
            name = self.stack[-1].name
            raise HtmlError(f'Can\'t find end tag corresponding to start tag "{name}"')
        self.entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.pieces), self.entities

    def char_ref(self, index: int) -> tuple[int, str]:
        match = _CHAR_REF.match(self.source, index)
        if match is None:
            raise HtmlError(f'Unescaped "&" {self.at(index)}; use &amp;')
        named, decimal, hexadecimal = match.groups()
        if named:
            return match.end(), _NAMED[named]
        code = int(decimal) if decimal else int(hexadecimal, 16)
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise HtmlError(f"Invalid character reference {self.at(index)}")
        return match.end(), chr(code)

    def skip_spaces(self, j: int) -> int:
        while j < len(self.source) and self.source[j] in _SPACES:
            j += 1
        return j

    def start_tag(self) -> None:
        source, begin = self.source, self.i
        unclosed = f"Unclosed start tag {self.at(begin)}"
        j = begin + 1
        while j < len(source) and source[j] not in _SPACES and source[j] != ">":
            j += 1
        if j >= len(source):
            raise HtmlError(unclosed)
        name = source[begin + 1 : j].lower()
        if name not in _ENTITY_TYPES:
            raise HtmlError(f'Unsupported start tag "{name}" {self.at(begin)}')
        attrs: dict[str, str] = {}
        while True:
            j = self.skip_spaces(j)
            if j >= len(source):
                raise HtmlError(unclosed)
            if source[j] == ">":
                j += 1
                break
            k = j
            while j < len(source) and source[j] not in _SPACES and source[j] not in "=>":
                j += 1
            attr = source[k:j].lower()
            if not attr:
                raise HtmlError(f'Empty attribute name in the tag "{name}" {self.at(begin)}')
            j = self.skip_spaces(j)
            if j >= len(source):
                raise HtmlError(unclosed)
            if source[j] != "=":
                # The one attribute Telegram accepts without a value.
                if name == "blockquote" and attr == "expandable":
                    attrs[attr] = ""
                    continue
                raise HtmlError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{name}" {self.at(begin)}'
                )
            j = self.skip_spaces(j + 1)
            if j >= len(source):
                raise HtmlError(unclosed)
            if source[j] in "\"'":
                quote, chars = source[j], []
                j += 1
                while j < len(source) and source[j] != quote:
                    if source[j] == "&":
                        j, char = self.char_ref(j)
                    else:
                        char, j = source[j], j + 1
                    chars.append(char)
                if j >= len(source):
                    raise HtmlError(unclosed)
                value, j = "".join(chars), j + 1
            else:
                match = _NAME_TOKEN.match(source, j)
                value, j = match.group().lower(), match.end()
                if j >= len(source):
                    raise HtmlError(unclosed)
                if source[j] not in _SPACES and source[j] != ">":
                    raise HtmlError(f"Unexpected end of name token {self.at(j)}")
            attrs.setdefault(attr, value)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" {self.at(begin)}')
        self.stack.append(_Open(name, self.pos, attrs))
        self.i = j

    def end_tag(self) -> None:
        source, begin = self.source, self.i
        if not self.stack:
            raise HtmlError(f"Unexpected end tag {self.at(begin)}")
        j = begin + 2
        while j < len(source) and source[j] not in _SPACES and source[j] != ">":
            j += 1
        end_name = source[begin + 2 : j].lower()
        j = self.skip_spaces(j)
        if j >= len(source) or source[j] != ">":
            raise HtmlError(f"Unclosed end tag {self.at(begin)}")
        name = self.stack[-1].name
        if end_name and end_name != name:
            raise HtmlError(
                f'Unmatched end tag {self.at(begin)}, expected "</{name}>", found "</{end_name}>"'
            )
        self.i = j + 1
        self.close(self.stack.pop())

    def close(self, tag: _Open) -> None:
        length = self.pos - tag.start
        if length == 0:  # Telegram drops entities that cover nothing
            return
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPES[tag.name],
            "offset": tag.start,
            "length": length,
        }
        if tag.name == "a":
            if not tag.attrs.get("href"):
                return  # a link without a target is plain text to Telegram
            entity["url"] = tag.attrs["href"]
        elif tag.name == "code" and self.stack and self.stack[-1].name == "pre":
            # <pre><code class="language-x"> is one pre entity carrying the language.
            language = tag.attrs.get("class", "")
            if language.startswith("language-"):
                self.stack[-1].attrs[_LANGUAGE] = language.removeprefix("language-")
            return
        elif tag.name == "pre" and tag.attrs.get(_LANGUAGE):
            entity["language"] = tag.attrs[_LANGUAGE]
        elif tag.name == "blockquote" and "expandable" in tag.attrs:
            entity["type"] = "expandable_blockquote"
        self.entities.append(entity)


def parse_html(text: str) -> tuple[str, list[dict]]:
    """The text Telegram shows for ``text`` in HTML parse mode, and its entities.

    Raises HtmlError with Telegram's description of what is wrong.
    """
    return _HtmlParser(text).parse()


def _strip(text: str, entities: list[dict]) -> tuple[str, list[dict]]:
    # Telegram trims surrounding whitespace before it measures and stores a text.
    stripped = text.strip()
    lead, end = _u16(text[: len(text) - len(text.lstrip())]), _u16(stripped)
    kept = []
    for entity in entities:
        start = max(0, entity["offset"] - lead)
        stop = min(end, entity["offset"] + entity["length"] - lead)
        if stop > start:
            kept.append({**entity, "offset": start, "length": stop - start})
    return stripped, kept


# --- photos --------------------------------------------------------------------------------


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a JPEG, PNG, GIF or WebP image; None for anything else."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return struct.unpack(">II", data[16:24])
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", data[6:10])
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            chunk = data[12:16]
            if chunk == b"VP8X":
                return (
                    int.from_bytes(data[24:27], "little") + 1,
                    int.from_bytes(data[27:30], "little") + 1,
                )
            if chunk == b"VP8 ":
                width, height = struct.unpack("<HH", data[26:30])
                return width & 0x3FFF, height & 0x3FFF
            if chunk == b"VP8L":
                bits = int.from_bytes(data[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            return None
        if data.startswith(b"\xff\xd8"):
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    return None
                marker = data[i + 1]
                if marker == 0xFF:  # fill byte
                    i += 1
                    continue
                if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
                    i += 2
                    continue
                # Start-of-frame segments carry the size; C4, C8 and CC are other tables.
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                    return width, height
                i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
    except struct.error:
        pass
    return None


# --- request bodies ------------------------------------------------------------------------

# Object-typed parameters: form-encoded requests carry them as JSON text, and Telegram answers
# a malformed one with "can't parse <label> JSON object".
_JSON_PARAMS = {
    "reply_markup": "reply keyboard markup",
    "link_preview_options": "link preview options",
    "entities": "entities",
    "caption_entities": "caption entities",
    "reply_parameters": "reply parameters",
}


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    # The HTTP policy keeps UTF-8 in filenames as it came; compat32 would mangle it.
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    params: dict[str, Any] = {}
    if not message.is_multipart():
        return params
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        data = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is None:
            params[str(name)] = data.decode(part.get_content_charset() or "utf-8", "replace")
        else:
            params[str(name)] = Upload(filename, data, part.get_content_type())
    return params


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            raise _bad("can't parse JSON") from None
        if not isinstance(params, dict):
            raise _bad("can't parse JSON")
        return params
    if kind == "application/x-www-form-urlencoded":
        return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    if kind == "multipart/form-data":
        return _parse_multipart(content_type, body)
    return {}  # Telegram ignores a body it cannot read


def _decode_json_params(params: dict[str, Any]) -> _ApiError | None:
    """Turn object-typed parameters sent as JSON text into objects, in place.

    Tests then see the same dicts whichever encoding the client chose.
    """
    for name, label in _JSON_PARAMS.items():
        value = params.get(name)
        if not isinstance(value, str):
            continue
        try:
            params[name] = json.loads(value)
        except ValueError:
            return _bad(f"can't parse {label} JSON object")
    return None


# --- state ---------------------------------------------------------------------------------

_METHODS = {
    name.lower(): name
    for name in (
        "getMe",
        "sendMessage",
        "sendPhoto",
        "deleteMessage",
        "editMessageText",
        "editMessageCaption",
    )
}
_API_PATH = re.compile(r"/bot([^/]+)/([A-Za-z0-9_]+)/?")


@dataclass
class _Fault:
    kind: str  # "fail", "hang" or "drop"
    method: str | None
    status: int = 0
    retry_after: int = 0
    description: str | None = None
    seconds: float = 0.0

    def error(self) -> _ApiError:
        if self.status == 429:
            description = self.description or f"Too Many Requests: retry after {self.retry_after}"
            return _ApiError(429, description, {"retry_after": self.retry_after})
        return _ApiError(self.status, self.description or HTTPStatus(self.status).phrase)


@dataclass
class _Bot:
    user: dict


@dataclass
class _Post:
    token: str  # the bot that sent it; only that bot may edit it
    message: dict  # as the API returns it
    record: dict  # as api.messages() shows it


@dataclass
class _Chat:
    id: int
    title: str
    username: str | None
    next_id: int = 1
    posts: dict[int, _Post] = field(default_factory=dict)
    deleted: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        chat = {"id": self.id, "title": self.title, "type": "channel"}
        if self.username:
            chat["username"] = self.username
        return chat


class TelegramBotApi:
    """Telegram's Bot API on 127.0.0.1, with channels, scripted faults and a record of calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._bots: dict[str, _Bot] = {}
        self._chats: dict[int, _Chat] = {}
        self._members: dict[tuple[str, int], str] = {}  # (token, chat id) -> "admin" | "kicked"
        self._faults: list[_Fault] = []
        self._calls: list[Call] = []
        self._photos: dict[str, dict] = {}  # file_id -> PhotoSize
        self._serial = itertools.count(1)
        # Exceptions raised by this fake itself (answered 500): a test can assert there are none.
        self.errors: list[BaseException] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "nginx"
            sys_version = ""

            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, *args) -> None:
                pass  # request lines carry the bot token

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> TelegramBotApi:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()  # releases hung calls
        self._server.shutdown()
        self._server.server_close()

    # --- setting the scene -----------------------------------------------------------------

    def add_bot(self, token: str, username: str = "xeber_test_bot", first_name: str = "Xeber"):
        """Make ``token`` valid; returns the bot's User as getMe answers it."""
        prefix = token.split(":", 1)[0]
        user = {
            "id": int(prefix) if prefix.isdigit() else 7_000_000_000 + next(self._serial),
            "is_bot": True,
            "first_name": first_name,
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        with self._lock:
            self._bots[token] = _Bot(user)
        return dict(user)

    def add_chat(
        self,
        token: str,
        chat_id: int | str,
        title: str = "Xeber test channel",
        username: str | None = None,
    ) -> int:
        """Make the bot an admin of a channel; returns the channel's numeric id.

        ``chat_id`` is a number or "@username"; a username-only channel gets a made-up id,
        since Telegram always answers with numeric ids.
        """
        if token not in self._bots:
            self.add_bot(token)
        key = str(chat_id).strip()
        with self._lock:
            chat = self._find_chat(key)
            if chat is None:
                if key.startswith("@"):
                    username = username or key[1:]
                    number = -1_000_000_000_000 - next(self._serial)
                else:
                    number = int(key)
                chat = self._chats[number] = _Chat(number, title, username)
            else:
                chat.title, chat.username = title, username or chat.username
            self._members[(token, chat.id)] = "admin"
            return chat.id

    def kick(self, token: str, chat_id: int | str) -> None:
        """From now on the bot's calls to that channel answer 403."""
        with self._lock:
            chat = self._find_chat(str(chat_id).strip())
            if chat is None:
                raise KeyError(f"no chat {chat_id}")
            self._members[(token, chat.id)] = "kicked"

    # --- scripted faults --------------------------------------------------------------------
    # Each applies to the next ``count`` calls (of ``method`` only, if given), in the order
    # queued. Note that ``async with Bot(...)`` calls getMe first.

    def fail_next(
        self,
        count: int = 1,
        status: int = 429,
        retry_after: int = 3,
        *,
        method: str | None = None,
        description: str | None = None,
    ) -> None:
        """Answer an error instead; the call has no effect."""
        self._queue(count, _Fault("fail", method, status, retry_after, description))

    def hang_next(self, count: int, seconds: float, *, method: str | None = None) -> None:
        """Answer only after ``seconds``; the call still takes effect, as a slow Telegram's
        would even when the client has given up waiting."""
        self._queue(count, _Fault("hang", method, seconds=seconds))

    def drop_next(self, count: int = 1, *, method: str | None = None) -> None:
        """Close the connection without an answer; the call has no effect."""
        self._queue(count, _Fault("drop", method))

    def _queue(self, count: int, fault: _Fault) -> None:
        if fault.method:
            fault.method = _METHODS.get(fault.method.lower(), fault.method)
        with self._lock:
            self._faults.extend(copy.copy(fault) for _ in range(count))

    # --- what happened ----------------------------------------------------------------------

    @property
    def calls(self) -> list[Call]:
        """A snapshot of every call so far, in order of arrival."""
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        method = _METHODS.get(method.lower(), method)
        return [call for call in self.calls if call.method == method]

    def clear_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def messages(self, chat_id: int | str) -> list[dict]:
        """The channel's messages not deleted, oldest first, as sent.

        Each has message_id, date, parse_mode, reply_markup, and text (and
        link_preview_options) or photo and caption, where photo is the URL or file_id sent,
        or ("upload", filename, size); "message" is the Message the API last answered.
        """
        with self._lock:
            chat = self._find_chat(str(chat_id).strip())
            if chat is None:
                return []
            return [copy.deepcopy(post.record) for _, post in sorted(chat.posts.items())]

    def deleted(self, chat_id: int | str) -> list[int]:
        """Ids of the channel's deleted messages, in order of deletion."""
        with self._lock:
            chat = self._find_chat(str(chat_id).strip())
            return list(chat.deleted) if chat else []

    # --- HTTP -------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path, _, query = handler.path.partition("?")
        path = unquote(path)
        body = read_body(handler)
        match = _API_PATH.fullmatch(path)
        if match is None:  # file downloads included: there are no files to fetch
            self._send(handler, _ApiError(404, "Not Found").payload())
            return
        token, method = match.group(1), match.group(2)
        method = _METHODS.get(method.lower(), method)  # Telegram ignores the case of methods
        params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        problem: _ApiError | None = None
        try:
            params.update(_parse_body(handler.headers.get("Content-Type", ""), body))
        except _ApiError as exc:
            problem = exc
        problem = _decode_json_params(params) or problem
        call = Call(method, token, params)
        with self._lock:
            self._calls.append(call)
            fault = self._take_fault(method)
        if fault and fault.kind == "drop":
            handler.close_connection = True
            return
        if fault and fault.kind == "hang":
            self._stopping.wait(fault.seconds)
        try:
            if fault and fault.kind == "fail":
                raise fault.error()
            with self._lock:
                payload = {"ok": True, "result": self._dispatch(token, method, params, problem)}
        except _ApiError as exc:
            payload = exc.payload()
        except Exception as exc:
            self.errors.append(exc)
            payload = _ApiError(500, "Internal Server Error").payload()
        call.status = payload.get("error_code", 200)
        self._send(handler, payload)

    def _take_fault(self, method: str) -> _Fault | None:
        for index, fault in enumerate(self._faults):
            if fault.method in (None, method):
                return self._faults.pop(index)
        return None

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            handler.send_response(payload.get("error_code", 200))
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, e.g. on a hung call

    # --- the methods (called with the lock held) --------------------------------------------

    def _dispatch(self, token: str, method: str, params: dict, problem: _ApiError | None):
        if token not in self._bots:
            raise _ApiError(401, "Unauthorized")
        handlers = {
            "getMe": self._get_me,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "deleteMessage": self._delete_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
        }
        if method not in handlers:
            raise _ApiError(404, "Not Found")
        if problem:
            raise problem
        return handlers[method](token, params)

    def _get_me(self, token: str, params: dict) -> dict:
        return dict(self._bots[token].user)

    def _send_message(self, token: str, params: dict) -> dict:
        chat = self._chat_for(token, params)
        text, entities = self._render(params, "text", "entities")
        if not text:
            raise _bad("message text is empty")
        if len(text) > TEXT_LIMIT:
            raise _bad("message is too long")
        body: dict[str, Any] = {"text": text}
        if entities:
            body["entities"] = entities
        record = {
            "text": params.get("text"),
            "parse_mode": params.get("parse_mode"),
            "link_preview_options": self._link_preview(params),
        }
        return self._post(token, chat, params, body, record)

    def _send_photo(self, token: str, params: dict) -> dict:
        chat = self._chat_for(token, params)
        caption, entities = self._caption(params)
        size, sent = self._photo(params)
        body: dict[str, Any] = {"photo": [size]}
        if caption:
            body["caption"] = caption
        if entities:
            body["caption_entities"] = entities
        record = {
            "photo": sent,
            "caption": params.get("caption"),
            "parse_mode": params.get("parse_mode"),
        }
        return self._post(token, chat, params, body, record)

    def _delete_message(self, token: str, params: dict) -> bool:
        chat = self._chat_for(token, params)
        message_id = self._message_id(params)
        if chat.posts.pop(message_id, None) is None:
            raise _bad("message to delete not found")
        chat.deleted.append(message_id)
        return True

    def _edit_message_text(self, token: str, params: dict) -> dict:
        post = self._editable(token, params)
        if "text" not in post.message:
            raise _bad("there is no text in the message to edit")
        text, entities = self._render(params, "text", "entities")
        if not text:
            raise _bad("message text is empty")
        if len(text) > TEXT_LIMIT:
            raise _bad("message is too long")
        changes = {"text": params.get("text"), "parse_mode": params.get("parse_mode")}
        return self._edit(post, params, "text", "entities", text, entities, changes)

    def _edit_message_caption(self, token: str, params: dict) -> dict:
        post = self._editable(token, params)
        if "photo" not in post.message:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._caption(params)
        changes = {"caption": params.get("caption"), "parse_mode": params.get("parse_mode")}
        return self._edit(post, params, "caption", "caption_entities", caption, entities, changes)

    # --- helpers ----------------------------------------------------------------------------

    def _find_chat(self, key: str) -> _Chat | None:
        if key.startswith("@"):
            name = key[1:].lower()  # usernames ignore case
            return next(
                (c for c in self._chats.values() if (c.username or "").lower() == name), None
            )
        try:
            return self._chats.get(int(key))
        except ValueError:
            return None

    def _chat_for(self, token: str, params: dict) -> _Chat:
        key = str(params.get("chat_id", "")).strip()
        if not key:
            raise _bad("chat_id is empty")
        chat = self._find_chat(key)
        membership = self._members.get((token, chat.id)) if chat else None
        if membership is None:  # a channel the bot is not in does not exist for it
            raise _bad("chat not found")
        if membership == "kicked":
            raise _ApiError(403, "Forbidden: bot was kicked from the channel chat")
        return chat

    @staticmethod
    def _message_id(params: dict) -> int:
        try:
            return int(str(params.get("message_id", "")).strip())
        except ValueError:
            raise _bad("message identifier is not specified") from None

    def _editable(self, token: str, params: dict) -> _Post:
        chat = self._chat_for(token, params)
        post = chat.posts.get(self._message_id(params))
        if post is None:
            raise _bad("message to edit not found")
        if post.token != token:
            raise _bad("message can't be edited")
        return post

    @staticmethod
    def _render(params: dict, key: str, entities_key: str) -> tuple[str, list[dict]]:
        raw = params.get(key)
        raw = "" if raw is None else str(raw)
        mode = params.get("parse_mode") or ""
        known = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2", "": ""}
        if str(mode).lower() not in known:
            raise _bad("unsupported parse_mode")
        if str(mode).lower() == "html":
            try:
                text, entities = parse_html(raw)
            except HtmlError as exc:
                raise _bad(f"can't parse entities: {exc}") from None
        else:
            # Markdown is taken as plain text: the product is meant to send HTML.
            given = params.get(entities_key)
            text, entities = raw, [dict(e) for e in given] if isinstance(given, list) else []
        return _strip(text, entities)

    def _caption(self, params: dict) -> tuple[str, list[dict]]:
        caption, entities = self._render(params, "caption", "caption_entities")
        if len(caption) > CAPTION_LIMIT:
            raise _bad("message caption is too long")
        return caption, entities

    @staticmethod
    def _link_preview(params: dict) -> dict | None:
        options = params.get("link_preview_options")
        if options is None and str(params.get("disable_web_page_preview", "")).lower() in (
            "true",
            "1",
        ):
            options = {"is_disabled": True}
        return options

    def _photo(self, params: dict) -> tuple[dict, Any]:
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo.removeprefix("attach://"))
        if photo is None or photo == "":
            raise _bad("there is no photo in the request")
        if isinstance(photo, Upload):
            if not photo.data:
                raise _bad("file must be non-empty")
            dimensions = _image_size(photo.data)
            if dimensions is None:
                raise _bad("IMAGE_PROCESS_FAILED")
            width, height = dimensions
            if width + height > 10000 or max(width, height) > 20 * max(1, min(width, height)):
                raise _bad("PHOTO_INVALID_DIMENSIONS")
            sent = ("upload", photo.filename, photo.size)
            return self._new_photo(width, height, photo.size), sent
        photo = str(photo)
        if photo.startswith(("http://", "https://")):
            return self._new_photo(*URL_PHOTO_SIZE, 98_765), photo
        if photo in self._photos:
            return dict(self._photos[photo]), photo
        raise _bad("wrong file identifier/HTTP URL specified")

    def _new_photo(self, width: int, height: int, size: int) -> dict:
        scale = min(1.0, PHOTO_SIDE / max(width, height, 1))
        serial = next(self._serial)
        photo = {
            "file_id": f"AgACAgIAAxkDAAI{serial:06d}PhotoXeberTest",
            "file_unique_id": f"AQAD{serial:06d}",
            "file_size": size,
            "width": max(1, round(width * scale)),
            "height": max(1, round(height * scale)),
        }
        self._photos[photo["file_id"]] = photo
        return dict(photo)

    @staticmethod
    def _inline_keyboard(params: dict) -> dict | None:
        # Channels show inline keyboards only; Telegram echoes them in the Message.
        markup = params.get("reply_markup")
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad("can't parse inline keyboard markup JSON object")
        for button in itertools.chain.from_iterable(rows):
            if not isinstance(button, dict) or "text" not in button:
                raise _bad("can't parse inline keyboard button: Text is not specified")
            if len(button) < 2:
                raise _bad(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
        return markup

    def _post(self, token: str, chat: _Chat, params: dict, body: dict, record: dict) -> dict:
        message_id, chat.next_id = chat.next_id, chat.next_id + 1
        message = {
            "message_id": message_id,
            "sender_chat": chat.as_dict(),
            "chat": chat.as_dict(),
            "date": int(time.time()),
            **body,
        }
        keyboard = self._inline_keyboard(params)
        if keyboard:
            message["reply_markup"] = keyboard
        record = {
            "message_id": message_id,
            "date": message["date"],
            **record,
            "reply_markup": params.get("reply_markup"),
            "message": message,
        }
        chat.posts[message_id] = _Post(token, message, record)
        return copy.deepcopy(message)

    def _edit(
        self,
        post: _Post,
        params: dict,
        key: str,
        entities_key: str,
        text: str,
        entities: list[dict],
        changes: dict,
    ) -> dict:
        keyboard = self._inline_keyboard(params)
        old = post.message
        if (old.get(key, ""), old.get(entities_key, []), old.get("reply_markup")) == (
            text,
            entities,
            keyboard,
        ):
            raise _bad(NOT_MODIFIED)
        message = {k: v for k, v in old.items() if k not in (key, entities_key, "reply_markup")}
        if text:
            message[key] = text
        if entities:
            message[entities_key] = entities
        if keyboard:
            message["reply_markup"] = keyboard
        message["edit_date"] = int(time.time())
        post.message = message
        post.record.update(changes, reply_markup=params.get("reply_markup"), message=message)
        post.record["edits"] = post.record.get("edits", 0) + 1
        return copy.deepcopy(message)
