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

# `caseworker_of` / `supervisor_of`: the key of the team the person belongs to;
# `program_manager_of`: the keys of the teams whose figures the person sees.
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
    {
        "username": "instruments2",
        "first_name": "Adaeze",
        "last_name": "Okafor",
        "roles": [roles.INSTRUMENT_ADMIN],
    },  # the second instrument administrator (the studio only): approves what `instruments` asks to publish
    {
        "username": "programmanager",
        "first_name": "Odile",
        "last_name": "Marchetti",
        "roles": [roles.PROGRAM_MANAGER],
        "program_manager_of": ["a", "b"],
    },  # the figures of both demo teams (Reports), no case
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

# Closed cases stay on the record (and on their caseworker's list) for years: about a third.
SYNTHETIC_CLOSED_SHARE = 0.3
SYNTHETIC_MIDDLE_NAME_SHARE = 0.4
# A chosen name: more often when the youth's pronouns are not she/her or he/him.
SYNTHETIC_CHOSEN_NAME_SHARE = 0.05
SYNTHETIC_CHOSEN_NAME_SHARE_NONBINARY = 0.5
# A known runaway history at opening: more often for a youth who went missing since.
SYNTHETIC_RUNAWAY_SHARE = 0.08
SYNTHETIC_RUNAWAY_SHARE_WITH_EPISODES = 0.35
# Missing episodes: every open case placed as "missing" has one still open (and may have earlier
# ones); this share of the other cases has one to four earlier episodes, the youth back since.
SYNTHETIC_EPISODE_SHARE = 0.015
SYNTHETIC_EPISODES_PER_CASE = [[1, 60], [2, 25], [3, 10], [4, 5]]
# [value, weight]: where a youth was found (cases.MissingEpisode.RecoveryLocation).
SYNTHETIC_RECOVERY_LOCATIONS: list[list[Any]] = _SYNTHETIC["recovery_locations"]

# --- the synthetic workforce (`seed_demo --cases N`) ------------------------------------------
# Synthetic cases go to synthetic teams: caseworkers with 15 to 40 open cases (about 25 on
# average: a triangular draw with its mode at 20), about 8 caseworkers a team, one supervisor a
# team or two. They are volume, not logins: an unusable password unless asked.

SYNTHETIC_CASEWORKER_PREFIX = "syn-cw-"
SYNTHETIC_SUPERVISOR_PREFIX = "syn-sup-"
SYNTHETIC_USER_DIGITS = 6
SYNTHETIC_TEAM_PREFIX = "Synthetic team "
SYNTHETIC_TEAM_DIGITS = 5
SYNTHETIC_CASELOAD = {"min": 15, "mode": 20, "max": 40}
SYNTHETIC_TEAM_SIZE = {"min": 6, "max": 10}
SYNTHETIC_SECOND_SUPERVISOR_SHARE = 0.3
# [county, office] of the synthetic teams (fictional places).
SYNTHETIC_TEAM_OFFICES: list[list[str]] = _SYNTHETIC["team_offices"]

# `--pathological-caseload K`: the demo login that gets K of the new cases, on its own team,
# which the demo login `supervisor` supervises (team A): "a caseworker with a huge caseload"
# and "the supervisor of a huge team", both signed in. `caseworker` keeps its small demo caseload.
PATHOLOGICAL_LOGIN = "caseworker2"

# --- synthetic screenings (`seed_demo --screenings M`) ------------------------------------------
# On open synthetic cases with no screening yet, over the last two years. Per case: 1-3 screenings:
# a return from missing is screened first (mostly within the day, a quarter late, a few never), a
# case opened in the window often at entry into care, the others in a general or an investigation
# context. Each Tier 1 answer set is drawn from a class: no concern (risk factors, now and then a
# few "unknown"), possible (one to four circumstantial indicators) or clear (a rule that names its
# items, satisfied); the level stored is the engine's, never the class. The mix is weighted
# towards concern, as screenings follow a reason to screen, so that 50,000 screenings give about
# 220,000 guidance actions and 5,000 waiting for review (issue 14 measured 283,000 and 4,500).
# When the outcome offers the interview, it is done that often; its answers: nothing new, some
# concern, declined throughout, or a disclosure.

SCREENING_DAYS = 730
SCREENINGS_PER_CASE = [[1, 70], [2, 22], [3, 8]]
SCREENING_CONTEXTS = [["general", 70], ["cps_investigation", 30]]
ENTRY_INTO_CARE_SHARE = 0.4
SCREENING_CLASSES = [["none", 45], ["possible", 37], ["clear", 18]]
INTERVIEW_SHARE = 0.55
INTERVIEW_CLASSES = [["none", 60], ["concern", 20], ["declined", 10], ["disclosure", 10]]
# Flagged screenings: this share is still waiting for review whatever its age (the queue has a
# backlog); the rest were decided, some returned, and half of those answered (waiting again).
REVIEW_PENDING_SHARE = 0.12
REVIEW_RETURN_SHARE = 0.2
REVIEW_RESPONSE_SHARE = 0.5
DETERMINATION_SHARE = 0.4
# Drafts beside the submitted screenings: a new screening saved in the last two weeks, or the
# interview the case's last screening offered, half answered.
DRAFT_SHARE = 0.03
# An action is closed after about this many days (by priority), if that is in the past; mandated
# reports are done with their number, other actions done or, now and then, not applicable.
ACTION_CLOSED_AFTER_DAYS = {"immediate": 0.2, "urgent": 3, "routine": 40}
ACTION_NOT_APPLICABLE_SHARE = 0.15
REVIEW_COMMENTS: dict[str, list[str]] = _SYNTHETIC["review_comments"]
NOT_APPLICABLE_REASONS: list[str] = _SYNTHETIC["not_applicable_reasons"]
