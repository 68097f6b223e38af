"""Vietnamese alphabetical order, as a dictionary or an official list of wards orders names.

Python orders strings by code point, which puts "Đống Đa" after "Yên Hòa" and "Ân Thi" after "Ý Yên". In the
Vietnamese alphabet ă and â follow a, đ follows d, ê follows e, ô and ơ follow o, ư follows u; the tone marks
only break ties, in the order: none, huyền, hỏi, ngã, sắc, nặng.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f, j, w, z appear in names of foreign origin
_LETTERS = {  # a base letter and a mark that make another letter of the alphabet (breve, circumflex, horn)
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}


def _letter(base: str, marks: str) -> str:
    return next((_LETTERS[base, mark] for mark in marks if (base, mark) in _LETTERS), base)


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Letters first (in the Vietnamese alphabet), then tones, then the text itself for a stable order."""
    letters: list[int] = []
    tones: list[int] = []
    for char in text.casefold():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = _letter(base, marks)
        letters.append(_RANK[letter] if letter in _RANK else (len(ALPHABET) + ord(letter) if letter.isalnum() else -1))
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones), text


def strip_diacritics(text: str) -> str:
    """Vietnamese without its marks, as brand-name SMS gateways often require: "Hồ sơ đã nhận" -> "Ho so da nhan"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded(text: str) -> str:
    """For searching as people type: without marks and case, so "ho tich" finds "Hộ tịch"."""
    return strip_diacritics(text).casefold()
