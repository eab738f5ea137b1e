"""Errors carry a stable code (for screens, sync and scripts) and a translatable message."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated where shown."""
    return message


@dataclass(frozen=True)
class Message:
    """A user-facing message: an English source text with named placeholders."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)


class KioskError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, message: Message, code: str | None = None) -> None:
        super().__init__(message.text.format(**message.params))
        self.message = message
        if code is not None:
            self.code = code


class ValidationError(KioskError):
    """One or more fields were refused; nothing was stored."""

    code = "invalid"

    def __init__(self, errors: dict[str, Message]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first)
        self.errors = errors


class StorageError(KioskError):
    """The database could not take the write (locked, read-only, full); nothing was stored."""

    code = "storage"


class NotFound(KioskError):
    code = "not_found"


class ConfigError(KioskError):
    code = "config"
