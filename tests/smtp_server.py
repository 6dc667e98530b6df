"""A real SMTP server on 127.0.0.1 (aiosmtpd) for tests of what Xeber mails: it keeps each
message as received, parsed by the standard library, and refuses the way mail servers do.

    with SmtpServer() as smtp, override_settings(EMAIL_PORT=smtp.port):
        ...  # run the product
        message = smtp.messages[0]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    def part(self, content_type: str) -> str:
        """The text of the message's part of this type ("text/plain", "text/html")."""
        found = self.message.get_body(preferencelist=(content_type.split("/")[1],))
        assert found is not None and found.get_content_type() == content_type, content_type
        return found.get_content()


@dataclass
class _Script:
    refused_recipients: dict[str, str] = field(default_factory=dict)
    data_failures: list[str] = field(default_factory=list)  # answers to the next DATAs
    hangs: list[float] = field(default_factory=list)  # seconds the next DATAs wait


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.server.lock:
            refusal = self.server.script.refused_recipients.get(address.lower())
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.server.lock:
            hang = self.server.script.hangs.pop(0) if self.server.script.hangs else 0
        if hang:
            await asyncio.sleep(hang)
        with self.server.lock:
            if self.server.script.data_failures:
                return self.server.script.data_failures.pop(0)
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.server.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)
            )
        return "250 2.0.0 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.script = _Script()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """Down: connections are refused from now on."""
        if self._controller._thread is not None:
            self._controller.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        return [each.message for each in self.received]

    def to(self, address: str) -> list[Received]:
        return [each for each in self.received if address in each.recipients]

    def refuse_recipient(self, address: str, answer: str = "550 5.1.1 No such user") -> None:
        with self.lock:
            self.script.refused_recipients[address.lower()] = answer

    def hang_next(self, count: int, seconds: float) -> None:
        """The next `count` messages are answered only after `seconds`."""
        with self.lock:
            self.script.hangs.extend([seconds] * count)

    def fail_next(self, count: int = 1, answer: str = "451 4.3.0 Try again later") -> None:
        """The next `count` messages are refused at DATA with this answer."""
        with self.lock:
            self.script.data_failures.extend([answer] * count)
