"""Fixtures shared by every test: personas and a client signed in as one of them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from thidua.core.testing import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def client_as(db: None) -> Callable[[Any], Client]:
    """``client_as(user)`` is a test client signed in as ``user`` (anonymous stays out)."""

    def make(user: Any) -> Client:
        client = Client()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[list[Any]]:
    """A real SMTP server (aiosmtpd) on a free local port, with Django's SMTP backend pointed
    at it; yields the list of messages it received (``email.message.EmailMessage``)."""
    import socket
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            received.append(message)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    try:
        yield received
    finally:
        controller.stop()
