"""Who may see what: only signed-in people see anything; login, logout and CSRF hold."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sprava.evidence.models import Item
from sprava.ledger import log
from sprava.ledger.tags import ITEM_VIEWED
from tests.web.conftest import PASSWORD, Put, entries, signed_in, text

PAGES = [
    "/",
    "/evidence/",
    "/evidence/?q=abc",
    "/evidence/upload/",
    "/evidence/upload/result/",
    "/evidence/{id}/",
    "/evidence/{id}/download/",
    "/evidence/999999/",
    "/ledger/",
    "/no-such-page/",
]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitor_is_sent_to_login_from_every_page(
    client: Client, put: Put, page: str
) -> None:
    item = put(b"secret testimony", "witness-7.txt")
    url = page.format(id=item.id)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert "witness-7" not in text(response)


def test_anonymous_download_post_records_nothing(client: Client, put: Put) -> None:
    item = put(b"secret testimony", "witness-7.txt")
    before = log.size()
    response = client.post(f"/evidence/{item.id}/download/", {"reason": "curious"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert log.size() == before
    assert entries(ITEM_VIEWED) == []


def test_anonymous_upload_stores_nothing(client: Client) -> None:
    upload = SimpleUploadedFile("planted.jpg", b"fabricated evidence")
    response = client.post("/evidence/upload/", {"files": [upload], "collected_by": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert Item.objects.count() == 0
    assert log.size() == 0


def test_static_files_are_not_behind_the_login(client: Client) -> None:
    # The login page needs its stylesheet; nothing under /static/ is evidence.
    assert client.get("/static/sprava/sprava.css").status_code != 302


def test_login_page_is_public_and_labelled(client: Client) -> None:
    response = client.get("/login/?next=/ledger/")
    assert response.status_code == 200
    page = text(response)
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert 'name="next" value="/ledger/"' in page


def test_login_with_the_right_password_lands_on_the_cases(client: Client, documenter: User) -> None:
    response = client.post("/login/", {"username": "dana", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200


def test_the_site_address_opens_the_cases(documenter_client: Client, client: Client) -> None:
    # The README sends newcomers to http://127.0.0.1:8000/: signed in, that is their cases.
    assert documenter_client.get("/")["Location"] == "/cases/"
    assert client.get("/")["Location"] == "/login/?next=/"


def test_login_follows_next_within_the_site(client: Client, documenter: User) -> None:
    response = client.post(
        "/login/", {"username": "dana", "password": PASSWORD, "next": "/ledger/"}
    )
    assert response["Location"] == "/ledger/"


def test_login_never_redirects_to_another_site(client: Client, documenter: User) -> None:
    response = client.post(
        "/login/", {"username": "dana", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/cases/"


@pytest.mark.parametrize(
    ("username", "password"),
    [("dana", "wrong password"), ("dana", PASSWORD.upper()), ("nobody", PASSWORD), ("", "")],
)
def test_wrong_credentials_fail_with_a_clear_message(
    client: Client, documenter: User, username: str, password: str
) -> None:
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 200
    assert "do not match" in text(response)
    assert "_auth_user_id" not in client.session
    assert client.get("/evidence/").status_code == 302


def test_a_deactivated_account_cannot_log_in(client: Client, documenter: User) -> None:
    documenter.is_active = False
    documenter.save()
    response = client.post("/login/", {"username": "dana", "password": PASSWORD})
    assert response.status_code == 200
    assert "do not match" in text(response)
    assert client.get("/evidence/").status_code == 302


def test_signed_in_user_visiting_login_goes_to_their_cases(documenter_client: Client) -> None:
    response = documenter_client.get("/login/")
    assert response.status_code == 302
    assert response["Location"] == "/cases/"


def test_logout_is_a_post(documenter_client: Client) -> None:
    # A link or an image on some page must not sign anyone out.
    assert documenter_client.get("/logout/").status_code == 405
    assert documenter_client.get("/evidence/").status_code == 200
    response = documenter_client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert documenter_client.get("/evidence/").status_code == 302


def test_every_page_offers_logout_as_a_form(documenter_client: Client) -> None:
    page = text(documenter_client.get("/evidence/"))
    assert '<form class="logout" method="post" action="/logout/">' in page
    assert "Signed in as <strong>dana</strong>" in page


@pytest.mark.parametrize("page", ["/cases/", "/evidence/", "/evidence/upload/", "/evidence/{id}/"])
def test_both_personas_see_every_page(member_client: Client, put: Put, page: str) -> None:
    item = put(b"a photograph", "akrestsina.jpg")
    response = member_client.get(page.format(id=item.id))
    assert response.status_code == 200


def test_the_whole_ledger_is_for_administrators_only(
    documenter_client: Client, administrator_client: Client, put: Put
) -> None:
    put(b"a photograph", "akrestsina.jpg")  # by the documenter, for no case
    # A member of no case reads no entry, not even their own arrival for no case: the ledger
    # shows a non-administrator the entries tied to their cases (sprava.evidence.entries).
    response = documenter_client.get("/ledger/")
    assert response.status_code == 200
    assert response.context["entries"] == []
    assert "akrestsina.jpg" not in text(response)
    whole = administrator_client.get("/ledger/")
    assert [e["action"] for e in whole.context["entries"]] == ["evidence:item:received"]


def test_an_item_of_no_case_is_seen_only_by_who_received_it_and_administrators(
    administrator: User, documenter: User, documenter_client: Client, put: Put
) -> None:
    item = put(b"uploaded by the administrator", "admin-upload.pdf", user=administrator)
    assert "admin-upload.pdf" not in text(documenter_client.get("/evidence/"))
    assert documenter_client.get(f"/evidence/{item.id}/").status_code == 404
    own = put(b"uploaded by the documenter", "own.pdf", user=documenter)
    assert documenter_client.get(f"/evidence/{own.id}/").status_code == 200


def test_an_item_of_a_case_is_seen_by_the_cases_members_only(
    administrator: User, documenter: User, documenter_client: Client, put: Put
) -> None:
    from sprava.accounts.members import add_member
    from sprava.cases.models import Case
    from sprava.evidence.models import Receipt

    case = Case.objects.create(reference="okrestina", title="Okrestina")
    item = put(b"filed to a case", "filed.pdf", user=administrator)
    Receipt.objects.filter(item=item).update(case=case)
    assert documenter_client.get(f"/evidence/{item.id}/").status_code == 404
    add_member(case, documenter, "viewer", actor="cli")
    assert "user:ales" in text(documenter_client.get(f"/evidence/{item.id}/"))


def test_signed_in_pages_are_never_cached(documenter_client: Client, put: Put) -> None:
    item = put(b"a photograph", "akrestsina.jpg")
    for url in ["/evidence/", f"/evidence/{item.id}/", "/ledger/"]:
        cache_control = documenter_client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control


class TestCsrf:
    """Forms that change the ledger need the token the page gave out."""

    def test_upload_without_token_is_refused_and_stores_nothing(self, documenter: User) -> None:
        client = signed_in(documenter, enforce_csrf_checks=True)
        upload = SimpleUploadedFile("photo.jpg", b"some bytes")
        response = client.post("/evidence/upload/", {"files": [upload]})
        assert response.status_code == 403
        assert "This form has expired" in text(response)
        assert "Nothing was stored" in text(response)
        assert Item.objects.count() == 0
        assert log.size() == 0

    def test_upload_with_the_pages_token_works(self, documenter: User) -> None:
        client = signed_in(documenter, enforce_csrf_checks=True)
        client.get("/evidence/upload/")
        token = client.cookies["csrftoken"].value
        upload = SimpleUploadedFile("photo.jpg", b"some bytes")
        response = client.post(
            "/evidence/upload/", {"files": [upload], "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
        assert Item.objects.count() == 1

    def test_download_without_token_records_nothing(self, documenter: User, put: Put) -> None:
        item = put(b"a photograph", "akrestsina.jpg")
        client = signed_in(documenter, enforce_csrf_checks=True)
        before = log.size()
        response = client.post(f"/evidence/{item.id}/download/", {"reason": "forged"})
        assert response.status_code == 403
        assert log.size() == before

    def test_logout_without_token_is_refused(self, documenter: User) -> None:
        client = signed_in(documenter, enforce_csrf_checks=True)
        assert client.post("/logout/").status_code == 403
        assert client.get("/evidence/").status_code == 200


def test_login_page_works_when_mounted_under_a_prefix(client: Client) -> None:
    # Behind a proxy at /sprava/, request.path carries the prefix; the login page must still
    # be public, or every visit would loop between redirects.
    response = client.get("/login/", SCRIPT_NAME="/sprava")
    assert response.status_code == 200
    assert client.get("/evidence/", SCRIPT_NAME="/sprava").status_code == 302


def test_pages_forbid_inline_and_foreign_script(documenter_client: Client, put: Put) -> None:
    item = put(b"a photograph", "akrestsina.jpg")
    for url in ["/evidence/", f"/evidence/{item.id}/", "/evidence/upload/", "/ledger/"]:
        csp = documenter_client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in Client().get("/login/")["Content-Security-Policy"]
