"""The interface in English, Belarusian and Russian, switchable by the user."""

from __future__ import annotations

from django.test import Client

from tests.web.conftest import text


def test_the_login_page_speaks_russian_when_asked() -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "ru", "next": "/login/"})
    page = text(client.get("/login/"))
    assert "Войти" in page and "Имя пользователя" in page
    assert '<html lang="ru">' in page


def test_a_signed_in_user_switches_to_belarusian_and_back(documenter_client: Client) -> None:
    response = documenter_client.post("/i18n/setlang/", {"language": "be", "next": "/evidence/"})
    assert response.status_code == 302 and response["Location"] == "/evidence/"
    page = text(documenter_client.get("/evidence/"))
    assert "Справы" in page and "Доказы" in page and "Выйсці" in page
    documenter_client.post("/i18n/setlang/", {"language": "en", "next": "/evidence/"})
    assert "Log out" in text(documenter_client.get("/evidence/"))


def test_an_unknown_language_falls_back_to_english(documenter_client: Client) -> None:
    documenter_client.post("/i18n/setlang/", {"language": "xx", "next": "/evidence/"})
    assert "Log out" in text(documenter_client.get("/evidence/"))


def test_choice_labels_are_translated() -> None:
    from django.utils import translation

    from sprava.records.models import Role

    with translation.override("be"):
        assert str(Role.VICTIM.label) == "Пацярпелы"
    with translation.override("ru"):
        assert str(Role.WITNESS.label) == "Свидетель"
