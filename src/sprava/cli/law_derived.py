"""`sprava law derived CASE [--json]`: what the rules propose from a case's records.

Done as a user (`--as USER`), who must be a member of the case: the proposals are theirs to
see, protected persons by pseudonym, and a protected victim's custody is left out unless
`--reveal` asks for what their identity access shows (a reveal written to the ledger).
Register it in the `law` command group with `register_into(actions)`.
"""

from __future__ import annotations

import argparse
from typing import Any

from sprava.cli.acting import acting_user, as_user_option
from sprava.cli.common import CommandError, case_named, json_option
from sprava.cli.output import emit_json


def register_into(actions: Any) -> None:
    derived = actions.add_parser("derived", help="what the rules propose from a case's records")
    derived.add_argument("case", help="the case's reference")
    derived.add_argument("--act", type=int, default=None, help="only this act's proposals")
    derived.add_argument("--reveal", action="store_true",
                         help="with what your identity access shows of protected persons "
                              "(recorded in the ledger)")
    as_user_option(derived)
    json_option(derived)
    derived.set_defaults(handler=cmd_law_derived)


def cmd_law_derived(args: argparse.Namespace) -> int:
    from django.core.exceptions import ObjectDoesNotExist

    from sprava.accounts import permissions
    from sprava.law import derived
    from sprava.records.identity import Disclosure
    from sprava.records.reader import Reader

    user = acting_user(args)
    case = case_named(args.case)
    reader = Reader(user=user, disclosure=Disclosure(
        permissions.identity_case_ids(user) if args.reveal else set()))
    # A case or act of which the user is no member reads as one that is not there.
    try:
        page = (derived.act_proposals(reader, args.act) if args.act is not None
                else derived.case_proposals(reader, case.pk))
    except ObjectDoesNotExist:
        page = None
    if page is None or page.case_id != case.pk:
        raise CommandError(f"there is no act {args.act} in case {args.case!r}"
                           if args.act is not None else f"there is no case {args.case!r}")
    reader.commit("cli law derived")
    if args.json:
        emit_json({"ok": True, **page.as_json()})
        return 0
    print(f"{page.count} proposal{'' if page.count == 1 else 's'} in {case.reference} "
          f"(rules {page.rules_version}, "
          f"framework {page.framework_version})")
    for proposal in page.items:
        decided = ("" if proposal.decision is None else
                   " [accepted]" if proposal.decision.accepted else " [rejected]")
        certainty = "" if proposal.certainty == "certain" else " (uncertain)"
        print(f"{proposal.target_label} — {proposal.element_label}{certainty}{decided}")
        print(f"    {proposal.why}")
        print(f"    rule {proposal.rule_id} v{proposal.rule_version}; rests on "
              + "; ".join(r.label for r in proposal.records))
        print(f"    key {proposal.key}")
    return 0
