"""The languages the service speaks to people: Vietnamese first, English for whoever chooses it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    VIETNAMESE = "vi"
    ENGLISH = "en"


VIETNAMESE, ENGLISH = Language.VIETNAMESE, Language.ENGLISH
LANGUAGES = tuple(language.value for language in Language)
Bilingual = tuple[str, str]  # (Vietnamese, English)


def N_(message: str) -> str:
    """Marks an English source string for the catalogue (`make messages` extracts it); the page translates it."""
    return message


def in_language(words: Bilingual, language: str) -> str:
    """English when asked for; Vietnamese otherwise, including for any language the service does not speak."""
    vietnamese, english = words
    return english if language == ENGLISH else vietnamese


@dataclass(frozen=True)
class Template:
    """A short title (an e-mail's subject, a line of the timeline) and the text, in each language."""

    title_vi: str
    text_vi: str
    title_en: str
    text_en: str

    def title(self, language: str) -> str:
        return in_language((self.title_vi, self.title_en), language)

    def text(self, language: str) -> str:
        return in_language((self.text_vi, self.text_en), language)


DAY_FORMAT = "%d/%m/%Y"  # how a date is written in a notice, in both languages
