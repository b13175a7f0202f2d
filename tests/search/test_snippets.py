"""Snippets: the matching words marked, a window around the first match, never HTML."""

from __future__ import annotations

from sprava.search.query import parse
from sprava.search.snippets import ELLIPSIS, excerpt, highlight, plain


def marked(parts) -> list[str]:  # type: ignore[no-untyped-def]
    return [text for text, hit in parts if hit]


def test_whole_words_and_starts_of_words_are_marked() -> None:
    parts = highlight("Beaten at Akrestsina; the beating went on.", parse("beat akrest"))
    assert marked(parts) == ["Beaten", "Akrestsina", "beating"]
    assert plain(parts) == "Beaten at Akrestsina; the beating went on."


def test_short_words_are_marked_only_whole() -> None:
    assert marked(highlight("of often off", parse("of"))) == ["of"]


def test_case_and_latin_accents_do_not_matter_but_cyrillic_letters_do() -> None:
    assert marked(highlight("ŁUKAŠENKA and Лукашэнка", parse("łukasenka"))) == ["ŁUKAŠENKA"]
    assert marked(highlight("Ўсё і ўсе", parse("ўсё"))) == ["Ўсё"]
    assert marked(highlight("усё", parse("ўсё"))) == []


def test_names_are_marked_by_their_folded_key() -> None:
    parts = highlight("Аляксандр Лукашэнка", parse("Lukashenko"), names=True)
    assert marked(parts) == ["Лукашэнка"]
    assert marked(highlight("Аляксандр Лукашэнка", parse("Lukashenko"))) == []


def test_markup_stays_text() -> None:
    parts = highlight("<b>yard</b> & <script>alert(1)</script>", parse("yard script"))
    assert plain(parts) == "<b>yard</b> & <script>alert(1)</script>"
    assert marked(parts) == ["yard", "script", "script"]


def test_a_long_text_is_cut_around_the_first_match() -> None:
    text = " ".join(["filler"] * 200 + ["needle"] + ["after"] * 200)
    parts = excerpt([text], parse("needle"), width=120)
    shown = plain(parts)
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert marked(parts) == ["needle"]
    assert len(shown) <= 124
    assert set(shown.split()) <= {ELLIPSIS, "filler", "needle", "after"}  # never half a word


def test_the_first_text_with_a_match_is_used() -> None:
    parts = excerpt(["no match here", "the yard", "another yard"], parse("yard"))
    assert plain(parts) == "the yard"


def test_without_a_match_the_first_text_is_shown_from_its_start() -> None:
    parts = excerpt(["", "   ", "Text " * 100], parse("absent"), width=50)
    assert plain(parts).startswith("Text Text")
    assert marked(parts) == []


def test_line_breaks_become_spaces() -> None:
    assert plain(highlight("one\n\ntwo\tthree", parse("two"))) == "one two three"
