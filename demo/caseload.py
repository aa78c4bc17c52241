"""The demo caseload (demo/caseload.json, read by demo/data.py) written as the app would: each
case, episode and note validated (full_clean) and saved one by one, with their history rows."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case, CaseNote, MissingEpisode
from demo import data as demo_data
from demo.synthetic_cases import birth_date

CHANGE_REASON = "seed_demo"


def _hours_after(start, hours):
    return None if hours is None else start + timedelta(hours=hours)


def seed_demo_cases(users: dict, teams: dict) -> dict:
    """The demo caseload of demo/caseload.json: cases already there (by number) are left as they are."""
    now = timezone.now()
    today = timezone.localdate(now)
    numbers = [spec["case_number"] for spec in demo_data.CASES]
    existing = set(Case.objects.filter(case_number__in=numbers).values_list("case_number", flat=True))
    result = {"created": [], "existing": sorted(existing), "episodes": 0, "notes": 0}
    supervisor_of = {
        u["supervisor_of"]: users[u["username"]] for u in demo_data.USERS if u.get("supervisor_of")
    }
    for spec in demo_data.CASES:
        if spec["case_number"] in existing:
            continue
        team = teams[spec["team"]]
        case = Case(
            case_number=spec["case_number"],
            legal_name=spec["legal_name"],
            chosen_name=spec["chosen_name"],
            pronouns=spec["pronouns"],
            date_of_birth=birth_date(today, spec["age"], spec["days_since_birthday"]),
            primary_language=spec["primary_language"],
            interpreter_needed=spec["interpreter_needed"],
            placement_type=spec["placement_type"],
            county=spec["county"],
            office=spec["office"],
            team=team,
            assigned_caseworker=users[spec["worker"]],
            status=spec["status"],
            opened_on=today - timedelta(days=spec["opened_days_ago"]),
            known_runaway_history=spec["known_runaway_history"],
        )
        case._change_reason = CHANGE_REASON
        case.full_clean()
        case.save()
        # Oldest first, so the overlap check of each episode sees the earlier ones.
        for ep in sorted(spec["episodes"], key=lambda e: -e["missing_hours_ago"]):
            start = now - timedelta(hours=ep["missing_hours_ago"])
            episode = MissingEpisode(
                case=case,
                went_missing_at=start,
                reported_to_law_enforcement_at=_hours_after(start, ep["le_after_hours"]),
                law_enforcement_report_number=ep["le_number"],
                reported_to_ncmec_at=_hours_after(start, ep["ncmec_after_hours"]),
                ncmec_case_number=ep["ncmec_number"],
                returned_at=_hours_after(start, ep["returned_after_hours"]),
                recovery_location_type=ep["location"],
                recovery_location_details=ep["location_details"],
                notes=ep["notes"],
            )
            episode._change_reason = CHANGE_REASON
            episode.full_clean()
            episode.save()
            result["episodes"] += 1
        for note_spec in spec["notes"]:
            author = (
                supervisor_of[spec["team"]]
                if note_spec.get("author") == "supervisor"
                else case.assigned_caseworker
            )
            note = CaseNote(case=case, author=author, body=note_spec["body"])
            note.full_clean()
            note.save()
            # created_at is auto_now_add; back-date it to when the note was written.
            CaseNote.objects.filter(pk=note.pk).update(
                created_at=now - timedelta(hours=note_spec["hours_ago"])
            )
            result["notes"] += 1
        result["created"].append(spec["case_number"])
    return result
