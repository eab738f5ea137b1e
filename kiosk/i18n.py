"""The one translation layer: English source texts, one JSON catalogue per other language.

Screens, the command line and domain messages all translate through here, so a
language added once is spoken everywhere.
"""
from __future__ import annotations

import json
import logging
import string
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from kiosk.errors import Message

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
#: Shipped languages and their names in their own language (shown on the language buttons).
LANGUAGES: dict[str, str] = {"nb": "Norsk bokmål", "en": "English"}


def placeholders(text: str) -> frozenset[str]:
    """Names of the `{placeholders}` in a text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translations of one language; English is the source and has none."""
    if language == SOURCE_LANGUAGE:
        return {}
    if language not in LANGUAGES:
        raise KeyError(language)
    merged: dict[str, str] = {}
    for part in sorted(catalogue_files(language), key=lambda f: f.name):
        loaded: dict[str, str] = json.loads(part.read_text("utf-8"))
        clashes = [k for k, v in loaded.items() if merged.get(k, v) != v]
        if clashes:
            raise ValueError(f"{part.name} translates {clashes[0]!r} otherwise than another file")
        merged.update(loaded)
    return merged


def catalogue_files(language: str) -> list[Traversable]:
    """A language's catalogue is one folder of JSON files, one per part of the product,
    so that work on events, the console and sync adds texts without touching each other's."""
    folder = resources.files("kiosk.locales").joinpath(language)
    return [f for f in folder.iterdir() if f.name.endswith(".json")]


class Translator:
    """Translates source texts into one language, falling back to English when unsure."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise KeyError(language)
        self.language = language
        self._catalogue = catalogue(language)

    def __call__(self, text: str, **params: Any) -> str:
        translated = self._catalogue.get(text) or text
        if translated is not text and placeholders(translated) != placeholders(text):
            # A translation that drops or invents a placeholder would print wrong
            # facts or crash; the English source is the safer thing to show.
            log.warning("translation of %r has other placeholders; using English", text)
            translated = text
        return translated.format(**params) if params else translated

    def message(self, message: Message) -> str:
        return self(message.text, **message.params)
