"""A misspelled role in hand-written Turtle: validate names the nearest defined role and lists
the valid ones (as it does for a misspelled class or property), on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import EXAMPLE, replace_once, run_cli

ROLES = (
    "role:beoogd-partner, role:contactpersoon, role:deelnemer, role:directeur, role:gastheer, "
    "role:geinformeerd, role:gesprekspartner, role:initiatiefnemer, role:lid, role:minister, "
    "role:ondersteuner, role:organisator, role:partner, role:pleitbezorger, "
    "role:programmamanager, role:secretaris, role:spreker, role:strateeg, role:trekker, "
    "role:vicevoorzitter, role:voorzitter"
)
OLD = "fact:salvino-trekker-mkb a org:Membership ;"


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize(
    ("typo", "hint"),
    [
        ("trekkr", "role:trekkr is not defined; did you mean role:trekker?"),
        ("wethoudr", "role:wethoudr is not defined."),
    ],
)
def test_a_misspelled_role_gets_the_nearest_and_the_list(
    project_copy: Path, engine: str, typo: str, hint: str
) -> None:
    text = (project_copy / EXAMPLE).read_text(encoding="utf-8")
    block = text[text.index(OLD) : text.index("\n\n", text.index(OLD))]
    replace_once(project_copy, EXAMPLE, block, block.replace("role:trekker", f"role:{typo}"))
    status, out, _err = run_cli("validate", "--engine", engine)
    assert status == 1
    assert out.splitlines() == [
        f"{EXAMPLE}: Violation: fact:salvino-trekker-mkb | path org:role | value role:{typo} | "
        f"org:role is one role from the role scheme (role:…). {hint} Defined: {ROLES}.",
        "1 violation(s)",
    ]
