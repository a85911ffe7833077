"""Two languages: every UI string has a Chinese translation, compiled and loadable."""

from __future__ import annotations

import gettext

import polib

from tests.conftest import ROOT

LOCALE = ROOT / "search" / "locale"


def test_every_message_is_translated():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 80
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    for entry in po:
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, entry.msgid
