"""The list of items: paged, searchable, and a fixed number of queries however many items."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.web.conftest import Put, text


def names_on(page: str) -> list[str]:
    return re.findall(r'<td class="name"><a href="/evidence/\d+/">([^<]*)</a>', page)


def test_an_empty_locker_invites_an_upload(documenter_client: Client) -> None:
    page = text(documenter_client.get("/evidence/"))
    assert "The locker is empty." in page
    assert 'href="/evidence/upload/"' in page


def test_items_show_name_type_size_digest_and_receipts(documenter_client: Client, put: Put) -> None:
    first = put(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "protocol.pdf")
    put(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "protocol-copy.pdf")
    put(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "bruise.gif")
    page = text(documenter_client.get("/evidence/"))
    assert names_on(page) == ["bruise.gif", "protocol.pdf"]  # newest first, first name kept
    assert "application/pdf" in page and "image/gif" in page
    assert first.sha256[:16] in page
    assert f'title="{first.sha256}"' in page
    assert re.search(r'<td class="num">2</td>\s*</tr>', page)  # two receipts
    assert "2 items in the locker" in page


@pytest.mark.parametrize(
    "query",
    [
        "okrestina",
        "OKRESTINA",
        "Okrestina-2020",
        "  okrestina  ",
        "акрэсціна",
        "АКРЭСЦІНА",
        "Акрэсціна",
    ],
)
def test_search_by_file_name_ignores_case(documenter_client: Client, put: Put, query: str) -> None:
    put(b"video", "Okrestina-2020-08-12.mp4")
    put(b"photo", "Акрэсціна_двор.jpg")
    put(b"other", "unrelated.txt")
    page = text(documenter_client.get("/evidence/", {"q": query}))
    found = names_on(page)
    assert len(found) == 1
    assert "unrelated.txt" not in found


def test_search_by_sha256_prefix(documenter_client: Client, put: Put) -> None:
    wanted = put(b"the one", "one.bin")
    put(b"the other", "other.bin")
    for query in [
        wanted.sha256[:8],
        wanted.sha256[:8].upper(),
        wanted.sha256,
        f"sha256:{wanted.sha256[:10]}",
    ]:
        page = text(documenter_client.get("/evidence/", {"q": query}))
        assert names_on(page) == ["one.bin"], query


def test_search_finds_any_receipts_name_and_counts_receipts_once(
    documenter_client: Client, put: Put
) -> None:
    put(b"same bytes", "march-photo.jpg")
    put(b"same bytes", "photo-from-telegram.jpg")
    put(b"same bytes", "another-photo.jpg")
    page = text(documenter_client.get("/evidence/", {"q": "photo"}))
    assert names_on(page) == ["march-photo.jpg"]
    assert re.search(r'<td class="num">3</td>\s*</tr>', page)  # not 9: no join fan-out
    assert "1 item matches “photo”" in page
    assert names_on(text(documenter_client.get("/evidence/", {"q": "telegram"}))) == [
        "march-photo.jpg"
    ]


def test_search_without_a_match_says_what_it_searched(documenter_client: Client, put: Put) -> None:
    put(b"video", "video.mp4")
    page = text(documenter_client.get("/evidence/", {"q": "<b>nothing</b>"}))
    assert "No item matches “&lt;b&gt;nothing&lt;/b&gt;”." in page
    assert "start of SHA-256 digests" in page
    assert 'href="/evidence/">Show all items' in page


def test_list_is_paged_and_pager_links_keep_the_query(documenter_client: Client, put: Put) -> None:
    for i in range(55):
        put(b"content %d" % i, f"cell photo {i:02d} & more.jpg")
    put(b"something else", "other.txt")

    first = text(documenter_client.get("/evidence/", {"q": "cell photo"}))
    assert len(names_on(first)) == 50
    assert "Page 1 of 2" in first
    assert 'href="?q=cell%20photo&amp;page=2"' in first

    second = documenter_client.get("/evidence/", {"q": "cell photo", "page": "2"})
    names = names_on(text(second))
    assert len(names) == 5
    assert "other.txt" not in names
    assert 'href="?q=cell%20photo&amp;page=1"' in text(second)


@pytest.mark.parametrize("page", ["0", "-1", "999", "abc", ""])
def test_odd_page_numbers_still_show_a_page(documenter_client: Client, put: Put, page: str) -> None:
    put(b"x", "x.txt")
    response = documenter_client.get("/evidence/", {"page": page})
    assert response.status_code == 200
    assert names_on(text(response)) == ["x.txt"]


def test_query_count_does_not_grow_with_the_number_of_items(
    documenter_client: Client,
    put: Put,
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    def fill(count: int) -> None:
        for i in range(count):
            put(b"item %d" % i, f"file-{i}.bin")
            put(b"item %d" % i, f"again-{i}.bin")  # and a second receipt each

    # The session, the user, the reader's memberships (read once, for every visibility filter
    # of the page), the count and the page.
    fill(5)
    with django_assert_max_num_queries(5):
        few = documenter_client.get("/evidence/")
    assert len(names_on(text(few))) == 5

    for i in range(5, 60):
        put(b"item %d" % i, f"file-{i}.bin")
    with django_assert_max_num_queries(5):
        many = documenter_client.get("/evidence/")
    assert len(names_on(text(many))) == 50
    with django_assert_max_num_queries(5):
        documenter_client.get("/evidence/", {"q": "file", "page": "2"})
