"""The fixed content of `manage.py seed_demo`: demo teams, logins and a fictional caseload.

Plain data only; the command (demo/management/commands/seed_demo.py) turns it into records.
Every person, case number, report number and place below is fictional. Times are relative to
the moment the command runs, so the demo always shows the same situations: a youth missing right
now, one who came back within the last day, one with four episodes, reports made late, ...

Relative times:
- a case: `age` and `days_since_birthday` give the date of birth, `opened_days_ago` the opening;
- an episode: `missing_hours_ago`, then every other time as hours *after* going missing
  (`None`: not yet);
- a note: `hours_ago`, and `author` ("caseworker", the assigned one, or "supervisor").
"""

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

# --- the demo caseload -----------------------------------------------------------------------
# Team A: 21 cases split between `caseworker` and `caseworker2` (one a 6-year-old in kinship care).
# Team B: 3 cases of `caseworker3`.

CASES = [
    {
        "case_number": "DEMO-1001",
        "legal_name": "José Ñúñez Herrera",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 15,
        "days_since_birthday": 40,
        "primary_language": "Spanish",
        "interpreter_needed": True,
        "placement_type": "foster_family",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 210,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 200,
                "body": (
                    "Placement visit with a Spanish interpreter. José says he likes his foster "
                    "family's cooking and is worried about his younger brother; sibling visit to be "
                    "arranged."
                ),
            },
            {
                "hours_ago": 24 * 12,
                "body": (
                    "School reports steady attendance. José asked to join the soccer team; foster "
                    "parents agreed and the fee waiver is requested."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1002",
        "legal_name": "Łucja Kowalczyk",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 14,
        "days_since_birthday": 300,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "kinship",
        "county": "Larkspur County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 95,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 90,
                "body": (
                    "Łucja moved in with her maternal aunt. Home is safe and she has her own room. "
                    "She asked that we spell her name with the Ł on school forms; request sent."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1003",
        "legal_name": "Nguyễn Thị Mai",
        "chosen_name": "Mai",
        "pronouns": "she/her",
        "age": 16,
        "days_since_birthday": 120,
        "primary_language": "Vietnamese",
        "interpreter_needed": True,
        "placement_type": "foster_family",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 60,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 58,
                "body": (
                    "Met Mai at her foster home with a Vietnamese interpreter on the phone. She is "
                    "settling in and asked to call her aunt; contact plan to be discussed at the "
                    "next team meeting."
                ),
            },
            {
                "hours_ago": 24 * 20,
                "body": (
                    "Mai shared that she worked long hours at a relative's business before coming "
                    "into care and was not paid. Tier 1 indicator screen planned for this week, "
                    "with the interpreter present."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1004",
        "legal_name": "Jean-Baptiste Désir",
        "chosen_name": "JB",
        "pronouns": "he/him",
        "age": 17,
        "days_since_birthday": 15,
        "primary_language": "Haitian Creole",
        "interpreter_needed": True,
        "placement_type": "congregate",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 500,
        "known_runaway_history": False,
        "episodes": [
            {
                "missing_hours_ago": 24 * 120,
                "le_after_hours": 4,
                "le_number": "LCPD-017735",
                "ncmec_after_hours": 10,
                "ncmec_number": "1571902",
                "returned_after_hours": 20,
                "location": "returned_self",
                "location_details": "Came back to the group home on his own the next afternoon.",
                "notes": "Said he needed space after a hard phone call with family.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 119,
                "body": (
                    "JB returned to the group home on his own. Met with him and a Haitian Creole "
                    "interpreter; he said he spent the night at a friend's apartment and felt "
                    "safe. Return screening completed."
                ),
            },
            {
                "hours_ago": 24 * 7,
                "body": (
                    "Independent-living skills class started. JB wants to work toward a job at the "
                    "hardware store where his mentor works."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1005",
        "legal_name": "Aaliyah Monique Carter",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 16,
        "days_since_birthday": 200,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "congregate",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 420,
        "known_runaway_history": True,
        "episodes": [
            {
                "missing_hours_ago": 24 * 300,
                "le_after_hours": 3,
                "le_number": "LCPD-016204",
                "ncmec_after_hours": 9,
                "ncmec_number": "1549318",
                "returned_after_hours": 50,
                "location": "friend",
                "location_details": "At a classmate's home in Larkspur City; the parent called.",
                "notes": "",
            },
            {
                "missing_hours_ago": 24 * 190,
                "le_after_hours": 6,
                "le_number": "LCPD-016951",
                "ncmec_after_hours": 31,
                "ncmec_number": "1558870",
                "returned_after_hours": 96,
                "location": "hotel",
                "location_details": "Motel near the interstate in Eastbrook, with older peers.",
                "notes": "NCMEC report made late: the on-call worker did not have the form.",
            },
            {
                "missing_hours_ago": 24 * 95,
                "le_after_hours": 2,
                "le_number": "LCPD-017802",
                "ncmec_after_hours": 20,
                "ncmec_number": "1566415",
                "returned_after_hours": 140,
                "location": "other_city",
                "location_details": "Located in Harmon City, about 90 miles away.",
                "notes": "Returned by agency transport.",
            },
            {
                "missing_hours_ago": 24 * 21,
                "le_after_hours": 1,
                "le_number": "LCPD-018690",
                "ncmec_after_hours": 11,
                "ncmec_number": "1579027",
                "returned_after_hours": 70,
                "location": "known_adult",
                "location_details": "Brought back by an adult she calls a friend; name shared "
                "with law enforcement.",
                "notes": "",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 89,
                "body": (
                    "Aaliyah came back from Harmon City tired but calm. She accepted food, a shower "
                    "and rest, and declined a medical check for now. We agreed to talk tomorrow."
                ),
            },
            {
                "hours_ago": 24 * 17,
                "body": (
                    "Staffed with supervisor: four missing episodes in ten months, which is itself "
                    "a red flag. Plan: in-depth screening, a safety plan written with Aaliyah, and "
                    "an advocate she chooses."
                ),
                "author": "supervisor",
            },
            {
                "hours_ago": 24 * 16,
                "body": (
                    "Aaliyah chose to meet the youth advocate from the drop-in center. She said "
                    "she wants her phone back and more time with her sister; both added to the "
                    "safety plan discussion."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1006",
        "legal_name": "Dakota Rain Begay",
        "chosen_name": "",
        "pronouns": "they/them",
        "age": 15,
        "days_since_birthday": 90,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "therapeutic_foster",
        "county": "Alder Bay County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 150,
        "known_runaway_history": True,
        "episodes": [
            {
                "missing_hours_ago": 24 * 8,
                "le_after_hours": 3,
                "le_number": "ABSO-004417",
                "ncmec_after_hours": 23,
                "ncmec_number": "1580112",
                "returned_after_hours": 40,
                "location": "street",
                "location_details": "Found at a park near the former placement during a police check.",
                "notes": "",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 140,
                "body": (
                    "Dakota uses they/them; therapeutic foster parents briefed and using their name "
                    "and pronouns. Tribal liaison informed of the placement."
                ),
            },
            {
                "hours_ago": 24 * 6,
                "body": (
                    "Dakota said they left after an argument and slept in the park. Return "
                    "screening done; no indicators endorsed. Therapist appointment moved up."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1007",
        "legal_name": "Fatima Zahra El Amrani",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 13,
        "days_since_birthday": 250,
        "primary_language": "Arabic",
        "interpreter_needed": True,
        "placement_type": "kinship",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 75,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 70,
                "body": (
                    "Home visit with an Arabic interpreter. Fatima lives with her grandmother and "
                    "two cousins; she asked for help with English homework. Tutoring referral "
                    "made."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1008",
        "legal_name": "Mateo Alejandro Ríos",
        "chosen_name": "Teo",
        "pronouns": "he/him",
        "age": 11,
        "days_since_birthday": 180,
        "primary_language": "Spanish",
        "interpreter_needed": False,
        "placement_type": "own_home",
        "county": "Larkspur County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker2",
        "status": "closed",
        "opened_days_ago": 400,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 380,
                "body": (
                    "In-home services with Teo and his mother. He prefers Teo; the family speaks "
                    "Spanish at home and Teo is bilingual."
                ),
            },
            {
                "hours_ago": 24 * 30,
                "body": (
                    "Court closed the case after twelve months of in-home services. Family "
                    "connected to the community resource center for ongoing support."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1009",
        "legal_name": "Emily Rose Thompson",
        "chosen_name": "Rowan",
        "pronouns": "he/they",
        "age": 17,
        "days_since_birthday": 60,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "foster_family",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 250,
        "known_runaway_history": False,
        "episodes": [
            {
                "missing_hours_ago": 24 * 30,
                "le_after_hours": 3,
                "le_number": "LCPD-018512",
                "ncmec_after_hours": 12,
                "ncmec_number": "1577640",
                "returned_after_hours": 26,
                "location": "friend",
                "location_details": "Stayed overnight at a friend's home; the friend's parent "
                "called the foster parents.",
                "notes": "",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 240,
                "body": (
                    "Rowan asked to be called Rowan and uses he/they. Updated the school and the "
                    "foster family; Rowan said it mattered that we asked."
                ),
            },
            {
                "hours_ago": 24 * 28,
                "body": (
                    "Rowan back after one night away. Return screening done in private at school; "
                    "no concerns indicated. Agreed a check-in text plan with the foster parents."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1010",
        "legal_name": "Kwame Mensah-Asante",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 19,
        "days_since_birthday": 20,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "independent_living",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 900,
        "known_runaway_history": False,
        "episodes": [
            {
                "missing_hours_ago": 24 * 400,
                "le_after_hours": 5,
                "le_number": "LCPD-015220",
                "ncmec_after_hours": 22,
                "ncmec_number": "1530874",
                "returned_after_hours": 30,
                "location": "street",
                "location_details": "Found at the downtown transit center by an outreach worker.",
                "notes": "",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 60,
                "body": (
                    "Kwame signed his extended foster care agreement. He is in a supervised "
                    "apartment, working part time and taking two classes at the community college."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1011",
        "legal_name": "Ayaan Abdi Warsame",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 12,
        "days_since_birthday": 20,
        "primary_language": "Somali",
        "interpreter_needed": True,
        "placement_type": "foster_family",
        "county": "Alder Bay County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 45,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 44,
                "body": (
                    "Placement with a Somali-speaking foster family. Ayaan asked about his "
                    "mosque; foster father will take him to Friday prayers."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1012",
        "legal_name": "Sofía Isabel Guzmán",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 16,
        "days_since_birthday": 330,
        "primary_language": "Spanish",
        "interpreter_needed": False,
        "placement_type": "missing",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 200,
        "known_runaway_history": True,
        "episodes": [
            {
                "missing_hours_ago": 24 * 70,
                "le_after_hours": 2,
                "le_number": "LCPD-018033",
                "ncmec_after_hours": 8,
                "ncmec_number": "1572266",
                "returned_after_hours": 75,
                "location": "family",
                "location_details": "Stayed with an older cousin in Alder Bay; the cousin brought her back.",
                "notes": "",
            },
            # Missing right now: reported to law enforcement, not yet to NCMEC.
            {
                "missing_hours_ago": 10,
                "le_after_hours": 1.5,
                "le_number": "LCPD-018951",
                "ncmec_after_hours": None,
                "ncmec_number": "",
                "returned_after_hours": None,
                "location": "",
                "location_details": "",
                "notes": "Did not come home from school. Foster parent called her phone and "
                "known friends; no contact yet.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 66,
                "body": (
                    "Sofía back after three days with her cousin. She said she missed her family. "
                    "Return screening done; cousin assessed as a possible visiting resource."
                ),
            },
            {
                "hours_ago": 8,
                "body": (
                    "Sofía has not returned to her foster home. Police report made; NCMEC report "
                    "still to be made. Notified supervisor and Sofía's attorney."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1013",
        "legal_name": "Brianna Leigh Jackson",
        "chosen_name": "Bree",
        "pronouns": "she/her",
        "age": 15,
        "days_since_birthday": 150,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "shelter",
        "county": "Larkspur County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 35,
        "known_runaway_history": False,
        "episodes": [
            # Came back within the last day: the return screening is due.
            {
                "missing_hours_ago": 72,
                "le_after_hours": 2,
                "le_number": "LCPD-018922",
                "ncmec_after_hours": 6,
                "ncmec_number": "1581455",
                "returned_after_hours": 60,
                "location": "hotel",
                "location_details": "Hotel in Eastbrook; found during a police welfare check.",
                "notes": "Brought to the shelter by police.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 34,
                "body": (
                    "Bree placed at the youth shelter while a kinship home is assessed. She goes "
                    "by Bree; shelter staff informed."
                ),
            },
            {
                "hours_ago": 11,
                "body": (
                    "Bree is back at the shelter and resting. She was not ready to talk today and "
                    "that is okay; screening planned for tomorrow morning in a private room, with "
                    "her chosen support person if she wants."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1014",
        "legal_name": "Tyler James Morrison",
        "chosen_name": "Ty",
        "pronouns": "he/him",
        "age": 17,
        "days_since_birthday": 270,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "detention",
        "county": "Alder Bay County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 300,
        "known_runaway_history": True,
        "episodes": [
            {
                "missing_hours_ago": 24 * 45,
                "le_after_hours": 28,
                "le_number": "ABSO-004102",
                "ncmec_after_hours": 30,
                "ncmec_number": "1575380",
                "returned_after_hours": 52,
                "location": "truck_stop",
                "location_details": "Truck stop off the interstate two counties west; found by a "
                "state trooper.",
                "notes": "Reports made late: the placement told the agency the next day.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 42,
                "body": (
                    "Visited Ty at the detention center. He was guarded, which is understandable. "
                    "Explained what happens next and that he can skip any question."
                ),
            },
            {
                "hours_ago": 24 * 10,
                "body": (
                    "Second visit. Ty talked about needing money while he was away. In-depth "
                    "screening scheduled with his public defender informed."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1015",
        "legal_name": "Oksana Petrenko",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 14,
        "days_since_birthday": 10,
        "primary_language": "Ukrainian",
        "interpreter_needed": True,
        "placement_type": "therapeutic_foster",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 130,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 125,
                "body": (
                    "Oksana placed in therapeutic foster care. She understands English well but "
                    "prefers Ukrainian for serious conversations; interpreter booked for visits."
                ),
            },
            {
                "hours_ago": 24 * 3,
                "body": (
                    "Oksana celebrated her birthday with her foster family and a friend from "
                    "school. Therapist reports good engagement."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1016",
        "legal_name": "Christopher Michael Lee",
        "chosen_name": "Kit",
        "pronouns": "they/them",
        "age": 20,
        "days_since_birthday": 50,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "independent_living",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 1200,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 40,
                "body": (
                    "Kit is finishing a certificate in medical billing. Transition plan updated: "
                    "housing voucher application submitted, health insurance confirmed to 26."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1017",
        "legal_name": "Marisol Ángeles Tzul",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 16,
        "days_since_birthday": 220,
        "primary_language": "Mam",
        "interpreter_needed": True,
        "placement_type": "shelter",
        "county": "Larkspur County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 40,
        "known_runaway_history": False,
        "episodes": [
            {
                "missing_hours_ago": 24 * 15,
                "le_after_hours": 2,
                "le_number": "LCPD-018745",
                "ncmec_after_hours": 15,
                "ncmec_number": "1579911",
                "returned_after_hours": 80,
                "location": "other_state",
                "location_details": "Bus station in a neighboring state; found by transit police.",
                "notes": "Returned with agency transport.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 38,
                "body": (
                    "Marisol speaks Mam and some Spanish; a Mam interpreter joined by video. She "
                    "said she came north to work and send money home. Labor trafficking indicators "
                    "to be screened."
                ),
            },
            {
                "hours_ago": 24 * 11,
                "body": (
                    "Marisol said someone promised her a job in another state. Referred to the "
                    "immigration legal services clinic and to the regional anti-trafficking "
                    "task force; she agreed to both."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1018",
        "legal_name": "Andrés Felipe Ocampo",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 20,
        "days_since_birthday": 320,
        "primary_language": "Spanish",
        "interpreter_needed": False,
        "placement_type": "independent_living",
        "county": "Alder Bay County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker",
        "status": "closed",
        "opened_days_ago": 1400,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 20,
                "body": (
                    "Andrés chose to leave extended foster care: he has a lease, a full-time job "
                    "and his aftercare worker's number. Case closed with his agreement."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1019",
        "legal_name": "Leilani Kahale",
        "chosen_name": "",
        "pronouns": "she/her",
        "age": 10,
        "days_since_birthday": 200,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "kinship",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 2,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 30,
                "body": (
                    "Leilani moved in with her grandmother. She brought her ukulele and her "
                    "school books; grandmother will keep her at the same school."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1020",
        "legal_name": "Samuel Chidi Nwosu",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 13,
        "days_since_birthday": 140,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "therapeutic_foster",
        "county": "Larkspur County",
        "office": "Eastbrook office",
        "team": "a",
        "worker": "caseworker2",
        "status": "open",
        "opened_days_ago": 180,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 170,
                "body": (
                    "Samuel placed in therapeutic foster care. Foster parents trained in the "
                    "behavior plan; Samuel asked to keep his weekend calls with his father."
                ),
            },
            {
                "hours_ago": 24 * 5,
                "body": (
                    "School meeting: Samuel's reading has improved by a grade level. He is proud "
                    "of it and asked us to tell his dad."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-1021",
        "legal_name": "Mateo Luis Ferreira",
        "chosen_name": "Teo",
        "pronouns": "he/him",
        "age": 6,
        "days_since_birthday": 100,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "kinship",
        "county": "Larkspur County",
        "office": "Larkspur City office",
        "team": "a",
        "worker": "caseworker",
        "status": "open",
        "opened_days_ago": 3,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 60,
                "body": (
                    "Teo placed with his aunt and uncle after a hotline report. The investigator says "
                    "adults were given access to Teo in exchange for drugs; a forensic interview at the "
                    "Child Advocacy Center is being arranged. Teo likes dinosaurs and asked for his blanket."
                ),
            },
        ],
    },
    # Team B: out of scope for team A's caseworkers and supervisor.
    {
        "case_number": "DEMO-2001",
        "legal_name": "Renée Dubois",
        "chosen_name": "",
        "pronouns": "she/they",
        "age": 15,
        "days_since_birthday": 80,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "foster_family",
        "county": "Juniper Valley County",
        "office": "Marlow office",
        "team": "b",
        "worker": "caseworker3",
        "status": "open",
        "opened_days_ago": 90,
        "known_runaway_history": False,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 24 * 85,
                "body": (
                    "Renée settled in with her foster family and joined the school choir. She "
                    "uses she/they; foster parents using both."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-2002",
        "legal_name": "Ahmad Karimi",
        "chosen_name": "",
        "pronouns": "he/him",
        "age": 17,
        "days_since_birthday": 190,
        "primary_language": "Dari",
        "interpreter_needed": True,
        "placement_type": "congregate",
        "county": "Juniper Valley County",
        "office": "Marlow office",
        "team": "b",
        "worker": "caseworker3",
        "status": "open",
        "opened_days_ago": 1,
        "known_runaway_history": True,
        "episodes": [],
        "notes": [
            {
                "hours_ago": 20,
                "body": (
                    "Ahmad arrived at the group home. A Dari interpreter joined by "
                    "phone. He has left placements before; screening within the jurisdiction's "
                    "deadline at case opening."
                ),
            },
        ],
    },
    {
        "case_number": "DEMO-2003",
        "legal_name": "Jayden Cruz",
        "chosen_name": "Jade",
        "pronouns": "she/her",
        "age": 16,
        "days_since_birthday": 30,
        "primary_language": "English",
        "interpreter_needed": False,
        "placement_type": "shelter",
        "county": "Juniper Valley County",
        "office": "Marlow office",
        "team": "b",
        "worker": "caseworker3",
        "status": "open",
        "opened_days_ago": 60,
        "known_runaway_history": True,
        "episodes": [
            {
                "missing_hours_ago": 24 * 5,
                "le_after_hours": 26,
                "le_number": "JVSO-002281",
                "ncmec_after_hours": 27,
                "ncmec_number": "1580876",
                "returned_after_hours": 72,
                "location": "street",
                "location_details": "Near the Marlow bus depot; found by police.",
                "notes": "Reported late: the shelter's overnight staff waited for morning.",
            },
        ],
        "notes": [
            {
                "hours_ago": 24 * 58,
                "body": (
                    "Jade uses she/her and asked that her legal name not be used aloud at the "
                    "shelter; staff informed."
                ),
            },
            {
                "hours_ago": 46,
                "body": (
                    "Jade is back at the shelter. She asked for a female worker for the return "
                    "screening; arranged for tomorrow."
                ),
            },
        ],
    },
]

# --- synthetic cases (`seed_demo --cases N`) --------------------------------------------------

SYNTHETIC_PREFIX = "SYN-"
SYNTHETIC_DIGITS = 7

# Name pools by background, so a synthetic youth's names and language belong together.
# Each pool: weight; given names by the pronouns the youth uses ("f": she/her or she/they,
# "m": he/him or he/they, "n": gender-neutral, also used for they/them and as chosen names);
# family names; languages as (language, weight, chance that an interpreter is needed).
NAME_POOLS = [
    {
        "weight": 38,
        "f": [
            "Emily",
            "Madison",
            "Hannah",
            "Olivia",
            "Abigail",
            "Brooke",
            "Kayla",
            "Chloé",
            "Zoë",
            "Caitlin",
            "Siobhán",
            "Saoirse",
        ],
        "m": [
            "Ethan",
            "Tyler",
            "Jacob",
            "Logan",
            "Caleb",
            "Mason",
            "Noah",
            "Liam",
            "Dylan",
            "Austin",
            "Connor",
            "Seán",
        ],
        "n": ["Jordan", "Riley", "Avery", "Quinn", "Rowan", "Skyler", "Taylor", "River", "Charlie"],
        "last": [
            "Smith",
            "Johnson",
            "Miller",
            "Anderson",
            "Thompson",
            "Walker",
            "O'Brien",
            "Campbell",
            "Murphy",
            "Sørensen",
            "Kowalski",
            "Müller",
            "Novak",
            "Wójcik",
            "Schäfer",
            "Lindqvist",
        ],
        "languages": [("English", 1, 0.0)],
    },
    {
        "weight": 20,
        "f": ["Aaliyah", "Imani", "Destiny", "Jasmine", "Nia", "Deja", "Shanice", "Kiara", "Amani", "Zuri"],
        "m": [
            "Jamal",
            "Malik",
            "Darius",
            "Lamar",
            "Terrell",
            "Andre",
            "Isaiah",
            "Xavier",
            "DeShawn",
            "Elijah",
        ],
        "n": ["Jaylen", "Kendall", "Jordan", "Sage", "Peyton"],
        "last": [
            "Jackson",
            "Washington",
            "Robinson",
            "Williams",
            "Harris",
            "Brooks",
            "Freeman",
            "Coleman",
            "Jefferson",
            "Banks",
            "Carter",
            "Whitaker",
        ],
        "languages": [("English", 1, 0.0)],
    },
    {
        "weight": 22,
        "f": [
            "Sofía",
            "Valentina",
            "Camila",
            "Lucía",
            "Guadalupe",
            "Ximena",
            "Marisol",
            "Esperanza",
            "Beatriz",
            "Ana Lucía",
            "Yesenia",
        ],
        "m": [
            "José",
            "Santiago",
            "Mateo",
            "Diego",
            "Alejandro",
            "Jesús",
            "Sebastián",
            "Adrián",
            "Tomás",
            "Joaquín",
            "Andrés",
        ],
        "n": ["Ariel", "Dani", "Cruz", "Alex"],
        "last": [
            "García",
            "Hernández",
            "Martínez",
            "López",
            "Rodríguez",
            "Pérez",
            "Sánchez",
            "Ramírez",
            "Núñez",
            "Chávez",
            "Vázquez",
            "Peña",
            "Ortiz",
            "Gómez",
            "Álvarez",
            "Benítez",
            "Tzul",
            "Ixcoy",
        ],
        "languages": [("English", 45, 0.0), ("Spanish", 50, 0.35), ("Mam", 3, 0.9), ("K'iche'", 2, 0.9)],
    },
    {
        "weight": 3,
        "f": ["Linh", "Thảo", "Mai", "Bích Ngọc", "Hương", "Trang"],
        "m": ["Minh", "Đức", "Huy", "Bảo", "Khang", "Tuấn"],
        "n": ["Anh", "An", "Khánh"],
        "last": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Bùi", "Đặng", "Võ"],
        "languages": [("English", 40, 0.0), ("Vietnamese", 60, 0.5)],
    },
    {
        "weight": 3,
        "f": ["Précieuse", "Naïka", "Widelène", "Djenane", "Mirlande"],
        "m": ["Jean-Baptiste", "Wilson", "Frantz", "Jean-Pierre", "Stevenson", "Woodley"],
        "n": ["Ange", "Claude"],
        "last": ["Pierre", "Baptiste", "Jean-Louis", "Désir", "Joseph", "Charles", "Étienne", "Saint-Fleur"],
        "languages": [("English", 40, 0.0), ("Haitian Creole", 55, 0.5), ("French", 5, 0.4)],
    },
    {
        "weight": 2,
        "f": ["Fatima", "Leila", "Hiba", "Samira", "Yasmin", "Mariam"],
        "m": ["Omar", "Yusuf", "Hamza", "Tariq", "Karim", "Khalid"],
        "n": ["Nour"],
        "last": ["Haddad", "Ibrahim", "El Amrani", "Khalil", "Mansour", "Saleh"],
        "languages": [("English", 40, 0.0), ("Arabic", 60, 0.5)],
    },
    {
        "weight": 1.5,
        "f": ["Hodan", "Ifrah", "Sahra", "Ubah", "Ayaan"],
        "m": ["Abdullahi", "Mohamed", "Liban", "Abdirahman", "Ayaan"],
        "n": ["Ayaan"],
        "last": ["Warsame", "Abdi", "Hassan", "Farah", "Mohamud", "Yusuf"],
        "languages": [("English", 40, 0.0), ("Somali", 60, 0.6)],
    },
    {
        "weight": 1,
        "f": ["Zahra", "Parisa", "Shabnam", "Maryam"],
        "m": ["Ahmad", "Farid", "Mustafa", "Wahid"],
        "n": ["Parwin"],
        "last": ["Karimi", "Ahmadi", "Rahimi", "Noori", "Sultani"],
        "languages": [("English", 20, 0.0), ("Dari", 50, 0.7), ("Pashto", 30, 0.7)],
    },
    {
        "weight": 2,
        "f": ["Adaeze", "Amara", "Fatoumata", "Chiamaka", "Abena"],
        "m": ["Kwame", "Emeka", "Chidi", "Kofi", "Mamadou"],
        "n": ["Ayo"],
        "last": ["Okafor", "Adeyemi", "Mensah", "Diallo", "Fofana", "Nwosu", "Asante", "Obi"],
        "languages": [("English", 85, 0.0), ("French", 15, 0.3)],
    },
    {
        "weight": 2,
        "f": ["Priyanka", "Ananya", "Mei", "Yuna", "Hana", "Angelica"],
        "m": ["Arjun", "Kenji", "Wei", "Rafael", "Jun", "Rohan"],
        "n": ["Kai", "Ren"],
        "last": ["Patel", "Singh", "Chen", "Zhang", "Kim", "Nakamura", "Santos", "dela Cruz"],
        "languages": [
            ("English", 80, 0.0),
            ("Tagalog", 7, 0.3),
            ("Chinese (Mandarin)", 7, 0.6),
            ("Korean", 6, 0.5),
        ],
    },
    {
        "weight": 1.5,
        "f": ["Oksana", "Wiktoria", "Zofia", "Magdalena", "Łucja", "Ioana"],
        "m": ["Dmytro", "Andrei", "Mykola", "Tomasz", "Piotr"],
        "n": ["Sasha"],
        "last": ["Petrenko", "Kowalczyk", "Wiśniewski", "Shevchenko", "Popescu", "Dvořák"],
        "languages": [
            ("English", 60, 0.0),
            ("Ukrainian", 20, 0.5),
            ("Polish", 10, 0.4),
            ("Romanian", 10, 0.4),
        ],
    },
    {
        "weight": 1.5,
        "f": ["Nizhoni", "Shandiin", "Aiyana", "Brianna", "Kaya"],
        "m": ["Ahiga", "Tyler", "Caleb", "Darian"],
        "n": ["Dakota", "River"],
        "last": ["Begay", "Yazzie", "Tsosie", "Benally", "Nez"],
        "languages": [("English", 95, 0.0), ("Navajo", 5, 0.2)],
    },
]

# (pronouns, weight, name group of NAME_POOLS)
PRONOUNS = [
    ("she/her", 44, "f"),
    ("he/him", 44, "m"),
    ("they/them", 6, "n"),
    ("he/they", 2, "m"),
    ("she/they", 2, "f"),
    ("", 2, "n"),
]

# (placement value, weight)
PLACEMENTS = [
    ("own_home", 8),
    ("kinship", 22),
    ("foster_family", 30),
    ("therapeutic_foster", 10),
    ("congregate", 12),
    ("shelter", 6),
    ("independent_living", 6),
    ("detention", 3),
    ("missing", 3),
]

# Per team key: (county, office) pairs a case of that team may carry.
SYNTHETIC_LOCATIONS = {
    "a": [
        ("Larkspur County", "Larkspur City office"),
        ("Larkspur County", "Eastbrook office"),
        ("Alder Bay County", "Eastbrook office"),
    ],
    "b": [("Juniper Valley County", "Marlow office")],
}

SYNTHETIC_CLOSED_SHARE = 0.12
SYNTHETIC_MIDDLE_NAME_SHARE = 0.4
# A chosen name: more often when the youth's pronouns are not she/her or he/him.
SYNTHETIC_CHOSEN_NAME_SHARE = 0.05
SYNTHETIC_CHOSEN_NAME_SHARE_NONBINARY = 0.5
SYNTHETIC_RUNAWAY_SHARE = 0.1
