"""The English catalogue is complete, and an English-speaking visitor gets English pages.

The tests read ``thidua/locale/en/LC_MESSAGES/django.po`` directly and compile it on the
fly into a temporary directory, so they do not depend on a ``.mo`` having been built.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

PO_PATH = Path(settings.BASE_DIR) / "thidua" / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\{\s*\w+\s*\}\}")


@dataclass
class Entry:
    """One message of a .po file."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """A small parser for the subset of the .po format that makemessages writes."""
    entries: list[Entry] = []
    entry = Entry()
    key: str | None = None

    def finish() -> None:
        nonlocal entry, key
        if key is not None or entry.obsolete:
            entries.append(entry)
        entry, key = Entry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            entry.obsolete = True
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert key is not None, f"line {number}: continuation without a keyword"
            _append(entry, key, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgid" and key is not None and key.startswith("msgstr"):
                finish()
            if keyword == "msgid":
                entry.line = number
            key = keyword
            _append(entry, key, ast.literal_eval(value))
    finish()
    return entries


def _append(entry: Entry, key: str, text: str) -> None:
    if key == "msgid":
        entry.msgid += text
    elif key == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif key == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif key == "msgstr":
        entry.msgstr[0] = entry.msgstr.get(0, "") + text
    elif match := re.fullmatch(r"msgstr\[(\d+)\]", key):
        index = int(match.group(1))
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    else:
        raise AssertionError(f"unknown keyword {key!r}")


def write_mo(entries: list[Entry], path: Path) -> None:
    """Write a GNU .mo file (what ``msgfmt`` makes) using only the standard library."""
    catalogue: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.obsolete or ("fuzzy" in entry.flags and entry.msgid):
            continue
        source = entry.msgid
        if entry.msgid_plural is not None:
            source += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            source = entry.msgctxt + "\x04" + source
        target = "\0".join(entry.msgstr[i] for i in sorted(entry.msgstr))
        catalogue[source.encode()] = target.encode()
    keys = sorted(catalogue)
    ids = b"".join(key + b"\0" for key in keys)
    strs = b"".join(catalogue[key] + b"\0" for key in keys)
    count = len(keys)
    start = 7 * 4 + 16 * count  # after the header and the two tables of (length, offset)
    offsets: list[int] = []
    position = 0
    for key in keys:
        offsets += [len(key), start + position]
        position += len(key) + 1
    position = 0
    for key in keys:
        offsets += [len(catalogue[key]), start + len(ids) + position]
        position += len(catalogue[key]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + struct.pack(f"{len(offsets)}i", *offsets) + ids + strs)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def english(entries: list[Entry], tmp_path: Path) -> Iterator[None]:
    """Point LOCALE_PATHS at a freshly compiled copy of the English catalogue."""
    write_mo(entries, tmp_path / "en" / "LC_MESSAGES" / "django.mo")
    # The setting_changed signal empties Django's translation cache on entry and on exit.
    with override_settings(LOCALE_PATHS=[tmp_path]):
        yield


def describe(entry: Entry) -> str:
    return f"django.po line {entry.line}: {entry.msgid!r}"


def test_the_english_catalogue_has_messages(entries: list[Entry]) -> None:
    assert sum(1 for entry in entries if entry.msgid) > 100


def test_every_message_has_an_english_translation(entries: list[Entry]) -> None:
    untranslated = [
        describe(entry)
        for entry in entries
        if entry.msgid
        and not entry.obsolete
        and (
            not entry.msgstr
            or not all(entry.msgstr.values())
            or (entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1])
        )
    ]
    assert untranslated == [], "untranslated; run makemessages and translate:\n" + "\n".join(
        untranslated
    )


def test_no_message_is_fuzzy(entries: list[Entry]) -> None:
    fuzzy = [describe(entry) for entry in entries if "fuzzy" in entry.flags]
    assert fuzzy == []


def test_the_catalogue_keeps_no_obsolete_messages(entries: list[Entry]) -> None:
    assert [entry for entry in entries if entry.obsolete] == []


def test_translations_keep_every_placeholder(entries: list[Entry]) -> None:
    wrong = []
    for entry in entries:
        if not entry.msgid or entry.obsolete:
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for translated in entry.msgstr.values():
            if sorted(PLACEHOLDER.findall(translated)) != expected:
                wrong.append(describe(entry))
    assert wrong == []


def test_the_header_declares_english_and_two_plural_forms(entries: list[Entry]) -> None:
    header = next(entry for entry in entries if entry.msgid == "")
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]


def test_msgfmt_accepts_the_catalogue(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI") == "true":
            pytest.fail("msgfmt (Debian package gettext) is required under CI=true")
        pytest.skip("msgfmt is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(PO_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.usefixtures("english")
def test_known_strings_translate_to_english() -> None:
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Sign in"
        assert translation.gettext("Thi đua – Khen thưởng") == "Emulation and Commendation"
        assert translation.gettext("Hợp nhất, sáp nhập") == "Merger"
        assert translation.ngettext("%(counter)s đơn vị", "%(counter)s đơn vị", 1) == (
            "%(counter)s agency"
        )
        assert translation.ngettext("%(counter)s đơn vị", "%(counter)s đơn vị", 3) == (
            "%(counter)s agencies"
        )
    with translation.override("vi"):
        assert translation.gettext("Đăng nhập") == "Đăng nhập"


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_an_english_browser_still_gets_vietnamese_until_the_switch_is_used(
    client: Client,
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Cookie" in response.headers["Vary"]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_language_cookie_chooses_english(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_home_page_stays_vietnamese_by_default(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


MAKEMESSAGES_IGNORE = [".venv", ".tools", "var", "tests", "docs", "bench", "scripts"]


@pytest.mark.django_db
def test_every_string_in_the_code_is_in_the_english_catalogue() -> None:
    """Extract the messages afresh (as ``makemessages`` does) and find any without English.

    The catalogue file is put back as it was afterwards, whatever happens.
    """
    from django.core.management import call_command

    original = PO_PATH.read_bytes()
    cwd = os.getcwd()
    try:
        os.chdir(settings.BASE_DIR)
        call_command(
            "makemessages",
            locale=["en"],
            ignore_patterns=MAKEMESSAGES_IGNORE,
            no_obsolete=True,
            verbosity=0,
        )
        fresh = parse_po(PO_PATH.read_text(encoding="utf-8"))
    finally:
        os.chdir(cwd)
        PO_PATH.write_bytes(original)
    missing = [
        entry.msgid
        for entry in fresh
        if entry.msgid
        and not entry.obsolete
        and (not any(entry.msgstr.values()) or "fuzzy" in entry.flags)
    ]
    assert missing == [], (
        "strings without an English translation; run makemessages and translate:\n"
        + "\n".join(missing)
    )
