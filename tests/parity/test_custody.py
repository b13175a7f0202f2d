"""A custody period recorded through the page and through the API is one change
(`sprava.records.people.save_custody`), and both refuse custody in the future: a period that
begins or ends after today is a plan, not a record."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.test import Client

from sprava.ledger import tags
from sprava.records.models import CustodyPeriod
from tests.api.conftest import ApiClient
from tests.parity.conftest import actions, mark, record_events
from tests.web_records.conftest import World, text
from tests.web_records.test_forms import field_errors

REASON = "from the release certificate"
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


def on_the_page(client: Client, world: World, *, path: str = "",
                **dates: str) -> Any:
    return client.post(path or f"/custody/new/?person={world.victim.pk}", {
        "place": world.akrestsina.pk, "place_detail": "cell 14",
        "start_date": "2020-08-12", "end_date": "2020-08-15", "date_precision": "day",
        "acknowledged": "false", "notes": "Moved twice.", "reason": REASON, **dates})


def through_the_api(api: ApiClient, world: World, **dates: str) -> Any:
    return api.post(f"/custody-periods?reason={REASON.replace(' ', '+')}", {
        "person": world.victim.pk, "place": world.akrestsina.code, "place_detail": "cell 14",
        "start_date": "2020-08-12", "end_date": "2020-08-15", "date_precision": "day",
        "acknowledged": False, "notes": "Moved twice.",
        **{name: value or None for name, value in dates.items()}})  # the page's "" is null


def rows(period: CustodyPeriod) -> tuple[Any, ...]:
    return (period.person_id, period.place_id, period.place_detail, period.start_date,
            period.end_date, period.date_precision, period.acknowledged, period.notes)


def newest() -> CustodyPeriod:
    found = CustodyPeriod.objects.order_by("-pk").first()
    assert found is not None
    return found


def test_a_custody_period_recorded_on_the_page_is_the_one_the_api_records(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    start = mark()
    assert on_the_page(client_of("investigator"), world).status_code == 302
    paged, by_page, start = newest(), record_events(start), mark()
    assert through_the_api(api, world).status_code == 201
    sent = newest()
    assert rows(paged) == rows(sent) and paged.pk != sent.pk
    assert by_page == record_events(start)
    assert actions(by_page) == [tags.record_action("custodyperiod", tags.CREATED)]
    assert by_page[0]["reason"] == REASON and by_page[0]["case"] is None


def test_changing_a_custody_period_is_the_same_change_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    on_the_page(client_of("investigator"), world)
    paged = newest()
    through_the_api(api, world)
    sent = newest()
    start = mark()
    response = on_the_page(client_of("investigator"), world, end_date="2020-08-20",
                           path=f"/custody/{paged.pk}/edit/")
    assert response.status_code == 302
    by_page, start = record_events(start), mark()
    answer = api.patch(f"/custody-periods/{sent.pk}?reason={REASON.replace(' ', '+')}",
                       {"end_date": "2020-08-20"})
    assert answer.status_code == 200, answer.json()
    paged.refresh_from_db()
    sent.refresh_from_db()
    assert rows(paged) == rows(sent)

    def without_subjects(events: list[dict[str, Any]]) -> list[Any]:
        return [(e["action"], e["reason"], e["details"].get("changes")) for e in events]

    assert without_subjects(by_page) == without_subjects(record_events(start))
    assert by_page[0]["details"]["changes"] == {
        "end_date": {"before": "2020-08-15", "after": "2020-08-20"}}


# --- custody is what happened ----------------------------------------------------------------


def test_custody_beginning_in_the_future_is_refused_on_both_and_writes_nothing(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    api = api_of("investigator")
    start, count = mark(), CustodyPeriod.objects.count()
    page = on_the_page(client_of("investigator"), world, start_date=TOMORROW, end_date="")
    assert page.status_code == 400
    assert "in the future" in " ".join(field_errors(text(page), "start_date"))
    answer = through_the_api(api, world, start_date=TOMORROW, end_date="")
    assert answer.status_code == 400 and "in the future" in answer.json()["detail"]
    assert CustodyPeriod.objects.count() == count and record_events(start) == []


def test_custody_ending_in_the_future_is_refused_on_both(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    # A release date announced for next week is not a release: the period is still running.
    start = mark()
    page = on_the_page(client_of("investigator"), world, start_date=YESTERDAY,
                       end_date=TOMORROW)
    assert page.status_code == 400
    assert "in the future" in " ".join(field_errors(text(page), "end_date"))
    answer = through_the_api(api_of("investigator"), world, start_date=YESTERDAY,
                             end_date=TOMORROW)
    assert answer.status_code == 400
    patched = api_of("investigator").patch(f"/custody-periods/{world.custody.pk}",
                                           {"end_date": TOMORROW})
    assert patched.status_code == 400
    assert CustodyPeriod.objects.get(pk=world.custody.pk).end_date == datetime.date(2020, 8, 14)
    assert record_events(start) == []


def test_custody_still_running_leaves_its_end_empty(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    assert on_the_page(client_of("investigator"), world, start_date=YESTERDAY,
                       end_date="").status_code == 302
    assert through_the_api(api_of("investigator"), world, start_date=YESTERDAY,
                           end_date="").status_code == 201


# --- who may --------------------------------------------------------------------------------


def test_a_member_of_another_case_cannot_record_custody_of_this_cases_person(
    world: World, client_of: Callable[[str], Client], api_of: Callable[[str], ApiClient]
) -> None:
    start, count = mark(), CustodyPeriod.objects.count()
    page = on_the_page(client_of("other_lead"), world)
    assert page.status_code == 404  # the person is not theirs to see
    answer = through_the_api(api_of("other_lead"), world)
    assert answer.status_code == 400 and "unknown person" in answer.json()["detail"]
    patched = api_of("other_lead").patch(f"/custody-periods/{world.custody.pk}",
                                         {"end_date": "2020-08-20"})
    assert patched.status_code == 404
    assert CustodyPeriod.objects.count() == count and record_events(start) == []


def test_a_member_of_this_case_cannot_move_custody_to_another_cases_person(
    world: World, api_of: Callable[[str], ApiClient]
) -> None:
    start = mark()
    answer = api_of("lead").patch(f"/custody-periods/{world.custody.pk}",
                                  {"person": world.other_person.pk})
    assert answer.status_code == 400
    assert CustodyPeriod.objects.get(pk=world.custody.pk).person_id == world.victim.pk
    assert record_events(start) == []
