"""`sprava law matrix CASE [--by act|perpetrator] [--json]` and `sprava law gaps CASE [--json]`:
the proof matrix of a case and its gaps, as the page and the API give them (`sprava.law.matrix`,
`matrix_perpetrators`, `gaps`; the JSON is theirs, with `ok`).

Read as the user named by `--as`, who must be a member of the case (any other case reads as one
that is not there). Protected perpetrators show by pseudonym unless `--reveal` is given and the
user holds identity access; a shown identity is written to the ledger. Register both in the
`law` group with `register_into(actions)`.
"""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, json_option
from sprava.cli.output import emit_json

STATE_HEADINGS = ("none", "derived", "supported", "contra", "met")


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", help="the case's reference")
    parser.add_argument("--standard", default=None,
                        help="count only conclusions at this standard of proof "
                             "(reasonable-grounds, substantial-grounds, "
                             "beyond-reasonable-doubt); default: any")
    parser.add_argument("--reveal", action="store_true",
                        help="show the names of protected persons the user may see "
                             "(written to the ledger)")
    as_user_option(parser)
    json_option(parser)


def register_into(actions: Any) -> None:
    matrix = actions.add_parser("matrix", help="the proof matrix of a case: per element, the "
                                               "acts or perpetrators in each state")
    matrix.add_argument("--by", choices=("act", "perpetrator"), default="act",
                        help="rows by act (the default) or by perpetrator")
    _options(matrix)
    matrix.set_defaults(handler=cmd_law_matrix)
    gaps = actions.add_parser("gaps", help="the gaps of a case's proof matrix, in plain words")
    gaps.add_argument("--first", type=int, default=10,
                      help="how many acts or perpetrators to name per gap (1 to 100)")
    _options(gaps)
    gaps.set_defaults(handler=cmd_law_gaps)


def _reader_and_case(args: argparse.Namespace) -> tuple[Any, Any]:
    from sprava.accounts import permissions
    from sprava.cases.models import Case
    from sprava.law.matrix import case_of
    from sprava.records.identity import Disclosure
    from sprava.records.reader import Reader

    user = acting_user(args)
    reader = Reader(user=user, disclosure=Disclosure(
        permissions.identity_case_ids(user) if args.reveal else set()))
    try:
        return reader, case_of(reader, reference=args.case)
    except Case.DoesNotExist:
        # As for a case that is not there: a member of another team learns nothing of it.
        raise CommandError(f"there is no case {args.case!r} among {user.get_username()}'s "
                           "cases") from None


def _counts(counts: dict[str, int]) -> str:
    return "".join(f"{n:>10}" for n in counts.values())


def cmd_law_matrix(args: argparse.Namespace) -> int:
    from sprava.law.matrix import by_act
    from sprava.law.matrix_perpetrators import by_perpetrator

    reader, case = _reader_and_case(args)
    if args.by == "perpetrator":
        document = by_perpetrator(reader, case, standard=args.standard,
                                  limit=None).as_json(reader)
    else:
        document = by_act(reader, case, standard=args.standard).as_json()
    reader.commit(f"cli law matrix {case.reference}")
    if args.json:
        emit_json({"ok": True, **document})
        return 0
    framework = document["framework"]
    standard = document["standard"] or "any standard"
    print(f"Proof matrix of {case.reference} by {args.by} (framework {framework['id']} "
          f"{framework['version']}; conclusions at {standard})")
    heading = f"{'element':<58}{'of':>6}" + "".join(f"{h:>10}" for h in STATE_HEADINGS)
    if args.by == "act":
        if document["suggested"]:
            print("The case charges no crime: the candidate crimes of its acts, suggested.")
        for crime in document["crimes"]:
            print(f"\nart. {crime['article']} {crime['name']}: {crime['acts']} acts"
                  + ("" if crime["charged"] else " (suggested, not charged)"))
            print(heading)
            for row in crime["rows"]:
                element = row["element"]
                label = f"{element['number']}. {element['label']}"[:57]
                print(f"{label:<58}{row['acts']:>6}{_counts(row['counts'])}")
            print(f"{'total (acts x elements)':<58}{'':>6}{_counts(crime['totals'])}")
        return 0
    for mode in document["modes"]:
        print(f"\nart. {mode['article']} {mode['name']}: {mode['perpetrators']} perpetrators")
        print(heading)
        for row in mode["rows"]:
            element = row["element"]
            label = f"{element['number']}. {element['label']}"[:57]
            print(f"{label:<58}{row['perpetrators']:>6}{_counts(row['counts'])}")
    print()
    for row in document["perpetrators"]:
        for claim in row["modes"]:
            states = ", ".join(f"{e['element']['number']} {e['state']}"
                               for e in claim["elements"])
            print(f"{row['perpetrator']['label']}: {claim['name']}: {states}")
    return 0


def cmd_law_gaps(args: argparse.Namespace) -> int:
    from sprava.law.gaps import MAX_FIRST, gaps

    if not 1 <= args.first <= MAX_FIRST:
        raise CommandError(f"--first is 1 to {MAX_FIRST}")
    reader, case = _reader_and_case(args)
    document = gaps(reader, case, standard=args.standard, first=args.first).as_json(reader)
    reader.commit(f"cli law gaps {case.reference}")
    if args.json:
        emit_json({"ok": True, **document})
        return 0
    found = document["gaps"]
    print(f"{len(found)} gaps in {case.reference}"
          + (" (the case charges no crime: those of its acts' candidate crimes)"
             if document["suggested"] else ""))
    for crime in document["uncovered"]:
        print(f"art. {crime['article']} {crime['name']} is charged, but no act of the case "
              "reaches it")
    for gap in found:
        print(f"\n{gap['text']}")
        named = ([f"act {pk}" for pk in gap["acts"]] if gap["kind"] == "act"
                 else [p["label"] for p in gap["perpetrators"]])
        more = gap["count"] - len(named)
        print(f"    {', '.join(named)}" + (f" and {more} more" if more > 0 else ""))
        for hint in gap["hints"]:
            print(f"    to close it: {hint}")
    return 0
