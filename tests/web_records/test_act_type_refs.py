"""An act type names its candidate crimes by article; the legal layer reads them, so the
administrator's form takes only articles the legal framework defines."""

from __future__ import annotations

from typing import Any

from sprava.records.models import ActType
from tests.web_records.conftest import World


def _post(client: Any, act_type: ActType, refs: str) -> Any:
    return client.post(f"/act-types/{act_type.pk}/edit/", {
        "code": act_type.code, "label_en": act_type.label_en, "label_be": act_type.label_be,
        "label_ru": act_type.label_ru, "description": act_type.description,
        "legal_refs": refs, "order": act_type.order, "active": "on", "change_reason": "test"})


def test_an_article_the_framework_does_not_define_is_refused(world: World,
                                                             client_of: Any) -> None:
    before = list(ActType.objects.get(pk=world.beating.pk).legal_refs)
    answer = _post(client_of("administrator"), world.beating, "7(1)(f), 7(1)(q)")
    assert answer.status_code == 400  # an invalid form is a bad request, shown again
    assert "Not a crime of the legal framework: 7(1)(q)" in answer.content.decode()
    assert ActType.objects.get(pk=world.beating.pk).legal_refs == before


def test_articles_of_the_framework_are_kept_once_each(world: World, client_of: Any) -> None:
    answer = _post(client_of("administrator"), world.beating, "7(1)(f), 7(1)(k), 7(1)(f)")
    assert answer.status_code == 302
    assert ActType.objects.get(pk=world.beating.pk).legal_refs == ["7(1)(f)", "7(1)(k)"]
