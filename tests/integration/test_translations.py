"""Vietnamese is the default language: every string shown to people must have a Vietnamese translation."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_in_the_code_and_templates_has_a_vietnamese_translation(tmp_path):
    template = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-o", str(template), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    with (ROOT / "api/translations/vi/LC_MESSAGES/messages.po").open("rb") as po:
        translated = {m.id for m in read_po(po) if m.id and m.string}
    assert sorted(wanted - translated) == []


# The tone mark of an open "oa", "oe" or "uy" sits on its first vowel, the way the government's own forms write
# them (hủy, khóa, tùy): one spelling throughout, not "hủy" on one button and "hủy" on the next.
OLD_TONE_PLACEMENT = re.compile(r"\w*(o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)", re.IGNORECASE)


def test_vietnamese_words_are_spelled_one_way_throughout():
    with (ROOT / "api/translations/vi/LC_MESSAGES/messages.po").open("rb") as po:
        strings = [m.string for m in read_po(po) if m.id and m.string]
    texts = [s for string in strings for s in (string if isinstance(string, tuple) else (string,))]
    assert sorted({m.group(0) for text in texts for m in OLD_TONE_PLACEMENT.finditer(text)}) == []
