"""The languages the service speaks to people: Vietnamese first, English for whoever chooses it."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    VIETNAMESE = "vi"
    ENGLISH = "en"


VIETNAMESE, ENGLISH = Language.VIETNAMESE, Language.ENGLISH
LANGUAGES = tuple(language.value for language in Language)
Bilingual = tuple[str, str]  # (Vietnamese, English)


def in_language(words: Bilingual, language: str) -> str:
    """English when asked for; Vietnamese otherwise, including for any language the service does not speak."""
    vietnamese, english = words
    return english if language == ENGLISH else vietnamese
