"""The message catalogues in locale/: the Russian one complete, every one
compiled from its current text, every one readable by Python's gettext."""

import gettext

import polib
import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tests.support import ROOT

LOCALE = ROOT / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
RUSSIAN = LOCALE / "ru" / "LC_MESSAGES" / "django.po"


def _ids(path):
    return path.relative_to(LOCALE).as_posix()


def _entries(catalogue):
    """Each live entry as (context, id, plural id) -> its translations."""
    entries = {}
    for entry in catalogue:
        if entry.obsolete or (not entry.msgid and not entry.msgctxt):
            continue
        translations = (
            tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else (entry.msgstr,)
        )
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        entries[key] = translations
    return entries


def test_there_are_catalogues_for_the_regions_languages():
    languages = {path.parts[-3] for path in CATALOGUES}

    assert {"ru", "kk", "ky", "tg", "tk", "uz"} <= languages


def test_the_russian_catalogue_is_complete():
    catalogue = polib.pofile(str(RUSSIAN))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []
    assert catalogue.percent_translated() == 100


def test_russian_plurals_have_three_forms():
    catalogue = polib.pofile(str(RUSSIAN))
    plural_entries = [entry for entry in catalogue if entry.msgid_plural]

    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert plural_entries
    for entry in plural_entries:
        assert len(entry.msgstr_plural) == 3, entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_ids)
def test_the_compiled_catalogue_matches_its_text(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.name} missing: run python3 run.py messages"

    text = polib.pofile(str(po_path))
    compiled = polib.mofile(str(mo_path))
    # msgfmt leaves untranslated entries out of the .mo.
    wanted = {key: value for key, value in _entries(text).items() if all(value)}

    assert _entries(compiled) == wanted, (
        f"{mo_path.relative_to(ROOT)} is stale: run python3 run.py messages"
    )


@pytest.mark.parametrize("po_path", CATALOGUES, ids=_ids)
def test_gettext_reads_the_compiled_catalogue(po_path):
    with po_path.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    # A broken Plural-Forms header fails above; every count has a form.
    for n in (0, 1, 2, 5, 11, 21, 101):
        assert catalogue.ngettext("%(total)s reader", "%(total)s readers", n)


@pytest.mark.parametrize("language", ["kk", "ky", "tg", "tk", "uz"])
def test_an_untranslated_string_falls_back_to_english(language):
    with translation.override(language):
        rendered = Template(
            "{% load i18n %}{% translate 'Related stories' %}|"
            "{% blocktranslate count total=3 %}{{ total }} reader has answered."
            "{% plural %}{{ total }} readers have answered.{% endblocktranslate %}"
        ).render(Context())

    assert rendered == "Related stories|3 readers have answered."


def test_the_regions_languages_translate_the_most_visible_words():
    with translation.override("kk"):
        assert translation.gettext("Comment Policy") != "Comment Policy"
        assert translation.pgettext("byline", "By") != "By"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "Ответил 1 читатель."),
        (3, "Ответили 3 читателя."),
        (5, "Ответили 5 читателей."),
        (11, "Ответили 11 читателей."),
        (21, "Ответил 21 читатель."),
        (22, "Ответили 22 читателя."),
    ],
)
def test_russian_counts_take_the_right_plural(count, expected):
    with translation.override("ru"):
        rendered = Template(
            "{% load i18n %}{% blocktranslate count total=count %}"
            "{{ total }} reader has answered.{% plural %}"
            "{{ total }} readers have answered.{% endblocktranslate %}"
        ).render(Context({"count": count}))

    assert rendered == expected


def test_every_edition_has_a_catalogue_or_is_the_source_language():
    languages = {path.parts[-3] for path in CATALOGUES}

    for code, _name in settings.LANGUAGES:
        assert code == "en" or code in languages
