"""Evidence on record pages: thumbnails behind a blur, each view in the ledger; linking and
unlinking by those who may edit."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from sprava.ledger.tags import ITEM_VIEWED
from sprava.records import services
from sprava.records.models import Incident
from tests.web_records.conftest import ACTOR, PNG, World, entries, put, text

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def link(record: object, item: object) -> None:
    services.link_evidence(record, item, actor=ACTOR)  # type: ignore[arg-type]


def test_an_image_shows_blurred_and_its_thumbnail_is_a_recorded_view(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = put(PNG, "bruises.png")
    link(world.incident, item)
    client = client_of("viewer")
    page = text(client.get(f"/incidents/{world.incident.pk}/"))
    assert '<label class="graphic"' in page and 'class="reveal"' in page
    # A browser fetches every <img src> on load, blurred or not, and each fetch is a recorded
    # view: the page names the image only as data-src, which the click turns into src.
    assert f'data-src="/thumbnails/{item.pk}/"' in page
    assert f'src="/thumbnails/{item.pk}/"' not in page.replace("data-src=", "")
    assert 'src="/static/sprava/reveal.js"' in page
    assert entries(ITEM_VIEWED) == []  # the page alone opens nothing

    response = client.get(f"/thumbnails/{item.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    viewed = entries(ITEM_VIEWED)
    assert len(viewed) == 1
    assert viewed[0]["actor"] == "user:viewer"
    assert viewed[0]["details"]["channel"] == "thumbnail"
    assert viewed[0]["items"][0]["sha256"] == item.sha256


def test_the_blur_works_without_script(world: World, client_of: Callable[[str], Client]) -> None:
    css = b"".join(client_of("viewer").get("/static/sprava/sprava.css")
                   .streaming_content)  # type: ignore[attr-defined]
    assert b".graphic img { " in css and b"filter: blur(" in css
    assert b".graphic .reveal:checked ~ img { filter: none;" in css


def test_thumbnails_only_for_readers_of_a_record_it_is_linked_to(
    world: World, client_of: Callable[[str], Client]
) -> None:
    mine, theirs, loose = put(PNG, "a.png"), put(PNG + b"2", "b.png"), put(PNG + b"3", "c.png")
    link(world.act, mine)
    link(world.other_incident, theirs)
    assert client_of("outsider").get(f"/thumbnails/{mine.pk}/").status_code == 404
    assert client_of("administrator").get(f"/thumbnails/{mine.pk}/").status_code == 404
    viewer = client_of("viewer")
    assert viewer.get(f"/thumbnails/{theirs.pk}/").status_code == 404
    assert viewer.get(f"/thumbnails/{loose.pk}/").status_code == 404
    assert viewer.get("/thumbnails/999999/").status_code == 404
    assert entries(ITEM_VIEWED) == []
    assert viewer.get(f"/thumbnails/{mine.pk}/").status_code == 200


def test_other_files_show_an_icon_and_never_a_thumbnail(
    world: World, client_of: Callable[[str], Client]
) -> None:
    pdf, svg = put(PDF, "protocol.pdf"), put(SVG, "drawing.svg")
    link(world.victim, pdf)
    link(world.victim, svg)
    client = client_of("viewer")
    page = text(client.get(f"/persons/{world.victim.pk}/"))
    assert page.count("file-icon.svg") == 2
    assert "/thumbnails/" not in page
    for item in (pdf, svg):  # an SVG may carry script: never served inline
        assert client.get(f"/thumbnails/{item.pk}/").status_code == 404


def test_editors_link_and_unlink_evidence_and_both_are_ledger_events(
    world: World, client_of: Callable[[str], Client]
) -> None:
    item = put(PDF, "protocol.pdf", case=world.case.reference)
    url = f"/testimonies/{world.testimony.pk}/evidence/"
    assert client_of("viewer").post(url, {"item": item.pk}).status_code == 403
    client = client_of("lawyer")
    assert client.post(url, {"item": item.pk, "reason": "the signed protocol"}).status_code == 302
    assert list(world.testimony.evidence.all()) == [item]
    linked = entries("records:testimony:evidence_linked")[-1]
    assert linked["reason"] == "the signed protocol" and linked["actor"] == "user:lawyer"
    assert linked["items"][0]["sha256"] == item.sha256
    page = text(client.get(f"/testimonies/{world.testimony.pk}/"))
    assert f'href="/evidence/{item.pk}/"' in page and "protocol.pdf" in page
    assert client.post(url, {"item": item.pk, "unlink": "1"}).status_code == 302
    assert list(world.testimony.evidence.all()) == []
    assert entries("records:testimony:evidence_unlinked")


def test_linking_a_missing_item_says_so(world: World, client_of: Callable[[str], Client]) -> None:
    client = client_of("investigator")
    response = client.post(f"/incidents/{world.incident.pk}/evidence/", {"item": 424242},
                           follow=True)
    assert "There is no evidence item 424242 among those you may see" in text(response)
    assert not Incident.objects.get(pk=world.incident.pk).evidence.exists()


def test_another_teams_evidence_cannot_be_pulled_in_by_linking_it(
    world: World, client_of: Callable[[str], Client]
) -> None:
    # Linking an item to a record of one's own case would make it visible there: refused,
    # with the answer a missing item gets.
    theirs = put(PNG, "their-witness.png", case=world.other_case.reference)
    response = client_of("investigator").post(f"/incidents/{world.incident.pk}/evidence/",
                                              {"item": theirs.pk}, follow=True)
    assert f"There is no evidence item {theirs.pk} among those you may see" in text(response)
    assert not Incident.objects.get(pk=world.incident.pk).evidence.exists()
    assert client_of("investigator").get(f"/thumbnails/{theirs.pk}/").status_code == 404
