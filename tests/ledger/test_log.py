"""The custody log: entries, the stored tree, roots and proofs."""

from __future__ import annotations

import json
import random

import pytest
from django.db import transaction

from sprava.integrity import merkle
from sprava.integrity.errors import MalformedError
from sprava.integrity.hashing import digest_bytes
from sprava.ledger import log
from sprava.ledger.events import Event, canonical
from sprava.ledger.models import Entry

pytestmark = pytest.mark.django_db


def events(count: int, start: int = 0) -> list[Event]:
    return [
        Event(actor="tester", action="test:entry:made", items=(digest_bytes(b"%d" % i),),
              reason=f"entry {i}")
        for i in range(start, start + count)
    ]


def append(count: int, batch: int = 1000) -> None:
    done = 0
    while done < count:
        with transaction.atomic():
            log.append(events(min(batch, count - done), done))
        done += min(batch, count - done)


def leaf_hashes() -> list[bytes]:
    return [bytes(h) for h in Entry.objects.order_by("seq").values_list("leaf_hash", flat=True)]


def test_entry_is_the_canonical_json_of_the_event() -> None:
    with transaction.atomic():
        entry = log.append(events(1))[0]
    document = json.loads(bytes(entry.body))
    assert canonical(document) == bytes(entry.body)
    assert document["seq"] == 0
    assert document["action"] == "test:entry:made"
    assert document["time"].endswith("Z")
    assert document["items"][0]["sha256"] == digest_bytes(b"0").sha256_hex
    assert bytes(entry.leaf_hash) == merkle.leaf_hash(bytes(entry.body))


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused() -> None:
    with pytest.raises(log.LedgerError):
        log.append(events(1))
    assert log.size() == 0


def test_malformed_action_tag_is_refused() -> None:
    with pytest.raises(MalformedError):
        Event(actor="tester", action="Not A Tag")


def test_rolled_back_change_leaves_no_entry() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        log.append(events(3))
        raise RuntimeError("the recorded change failed")
    assert log.size() == 0
    assert not Entry.objects.exists()


@pytest.mark.parametrize("batches", [[1], [1, 1, 1], [5, 3, 8], [7, 1, 16, 9]])
def test_stored_root_equals_the_rfc9162_root_of_the_leaves(batches: list[int]) -> None:
    done = 0
    for size in batches:
        with transaction.atomic():
            log.append(events(size, done))
        done += size
        assert log.root_at(done) == merkle.root(leaf_hashes())


def test_proofs_from_the_database_verify() -> None:
    append(100, batch=13)
    leaves = leaf_hashes()
    rng = random.Random(7)
    for _ in range(40):
        size = rng.randint(1, 100)
        index = rng.randrange(size)
        root = merkle.root(leaves[:size])
        proof = log.inclusion_proof(index, size)
        assert proof == merkle.inclusion_proof(leaves[:size], index)
        merkle.verify_inclusion(leaves[index], index, size, proof, root)
        size1 = rng.randint(0, size)
        consistency = log.consistency_proof(size1, size)
        merkle.verify_consistency(size1, size, consistency, merkle.root(leaves[:size1]), root)


def test_proof_beyond_the_log_is_refused() -> None:
    append(4)
    with pytest.raises(log.LedgerError):
        log.inclusion_proof(1, 5)
    with pytest.raises(MalformedError):
        log.inclusion_proof(4, 4)


def test_history_of_one_item() -> None:
    append(5)
    sha = digest_bytes(b"3").sha256_hex
    assert [e.seq for e in log.history(sha)] == [3]


@pytest.mark.slow
def test_proof_at_65536_entries_costs_a_constant_number_of_queries(
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    append(2**16, batch=8192)
    leaves = leaf_hashes()
    root = merkle.root(leaves)
    for index in (0, 12345, 2**16 - 1):
        with django_assert_max_num_queries(3):
            proof = log.inclusion_proof(index, 2**16)
        merkle.verify_inclusion(leaves[index], index, 2**16, proof, root)
    with django_assert_max_num_queries(3):
        consistency = log.consistency_proof(40_000, 2**16)
    merkle.verify_consistency(40_000, 2**16, consistency, merkle.root(leaves[:40_000]), root)


def test_an_entry_keeps_the_case_it_names_in_its_case_column() -> None:
    with transaction.atomic():
        named, unnamed = log.append([
            Event(actor="tester", action="test:entry:made", case="akrestsina-2020"),
            Event(actor="tester", action="test:entry:made")])
    assert Entry.objects.get(seq=named.seq).case == "akrestsina-2020"
    assert Entry.objects.get(seq=unnamed.seq).case == ""


def test_the_migration_fills_the_case_column_from_the_entries_bytes() -> None:
    """Installations whose entries predate the column get it from what each body says."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sprava.ledger.migrations.0003_entry_case")
    with transaction.atomic():
        log.append([Event(actor="tester", action="test:entry:made", case=f"case-{i % 3}")
                    for i in range(5)] + events(2))
    Entry.objects.update(case="")
    migration.fill_cases(apps, None)
    assert [e.case for e in Entry.objects.order_by("seq")] == [
        "case-0", "case-1", "case-2", "case-0", "case-1", "", ""]
