"""The fixed content of `manage.py seed_demo`: demo teams, logins and a fictional caseload.

Plain data only; the command (demo/management/commands/seed_demo.py) turns it into records.
The teams and logins are below; the caseload is demo/caseload.json and what synthetic cases are
drawn from (`seed_demo --cases N`) is demo/synthetic.json, both read once, here.
Every person, case number, report number and place is fictional. Times are relative to the
moment the command runs, so the demo always shows the same situations: a youth missing right
now, one who came back within the last day, one with four episodes, reports made late, ...

Relative times, in hours unless the name says days:
- a case: `age` and `days_since_birthday` give the date of birth, `opened_days_ago` the opening;
- an episode: `missing_hours_ago`, then every other time as hours *after* going missing
  (`null`: not yet); an episode's `comment` is for the reader;
- a note: `hours_ago`, and `author` ("caseworker", the assigned one, or "supervisor").
"""

import json
from pathlib import Path
from typing import Any

from accounts import roles

# --- teams and logins ----------------------------------------------------------------------

TEAMS = [
    {
        "key": "a",
        "name": "Larkspur County Permanency Team",
        "county": "Larkspur County",
        "office": "Larkspur City office",
    },
    {
        "key": "b",
        "name": "Juniper Valley Placement Team",
        "county": "Juniper Valley County",
        "office": "Marlow office",
    },
]

# `caseworker_of` / `supervisor_of`: the key of the team the person belongs to.
USERS = [
    {
        "username": "caseworker",
        "first_name": "Maribel",
        "last_name": "Ortega",
        "roles": [roles.CASEWORKER],
        "caseworker_of": "a",
    },
    {
        "username": "caseworker2",
        "first_name": "Darnell",
        "last_name": "Whitaker",
        "roles": [roles.CASEWORKER],
        "caseworker_of": "a",
    },
    {
        "username": "supervisor",
        "first_name": "Priya",
        "last_name": "Raman",
        "roles": [roles.SUPERVISOR],
        "supervisor_of": "a",
    },
    {
        "username": "caseworker3",
        "first_name": "Hana",
        "last_name": "Kobayashi",
        "roles": [roles.CASEWORKER],
        "caseworker_of": "b",
    },
    {
        "username": "supervisor2",
        "first_name": "Luis",
        "last_name": "Carrillo",
        "roles": [roles.SUPERVISOR],
        "supervisor_of": "b",
    },
    {
        "username": "instruments",
        "first_name": "Tomasz",
        "last_name": "Wiśniewski",
        "roles": [roles.INSTRUMENT_ADMIN],
        "staff": True,
    },  # edits instruments in the admin site
    {"username": "admin", "first_name": "Grace", "last_name": "Oyelaran", "roles": [], "superuser": True},
]

EMAIL_DOMAIN = "agency.example"


def _load(name: str) -> Any:
    return json.loads((Path(__file__).resolve().parent / name).read_text(encoding="utf-8"))


# --- the demo caseload -----------------------------------------------------------------------
# Team A: 21 cases split between `caseworker` and `caseworker2` (one a 6-year-old in kinship care).
# Team B: 3 cases of `caseworker3`, out of scope for team A's caseworkers and supervisor.

CASES: list[dict[str, Any]] = _load("caseload.json")

# --- synthetic cases (`seed_demo --cases N`) --------------------------------------------------

SYNTHETIC_PREFIX = "SYN-"
SYNTHETIC_DIGITS = 7

_SYNTHETIC = _load("synthetic.json")
# Name pools by background, so a synthetic youth's names and language belong together.
# Each pool: weight; given names by the pronouns the youth uses ("f": she/her or she/they,
# "m": he/him or he/they, "n": gender-neutral, also used for they/them and as chosen names);
# family names; languages as [language, weight, chance that an interpreter is needed].
NAME_POOLS: list[dict[str, Any]] = _SYNTHETIC["name_pools"]
# [pronouns, weight, name group of NAME_POOLS]
PRONOUNS: list[list[Any]] = _SYNTHETIC["pronouns"]
# [placement value, weight]
PLACEMENTS: list[list[Any]] = _SYNTHETIC["placements"]
# Per team key: [county, office] pairs a case of that team may carry.
SYNTHETIC_LOCATIONS: dict[str, list[list[str]]] = _SYNTHETIC["locations"]

SYNTHETIC_CLOSED_SHARE = 0.12
SYNTHETIC_MIDDLE_NAME_SHARE = 0.4
# A chosen name: more often when the youth's pronouns are not she/her or he/him.
SYNTHETIC_CHOSEN_NAME_SHARE = 0.05
SYNTHETIC_CHOSEN_NAME_SHARE_NONBINARY = 0.5
SYNTHETIC_RUNAWAY_SHARE = 0.1
