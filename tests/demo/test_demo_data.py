"""demo/data.py reads the caseload and the synthetic pools from JSON files next to it."""

from demo import data as demo_data

CASE_KEYS = {
    "case_number",
    "legal_name",
    "chosen_name",
    "pronouns",
    "age",
    "days_since_birthday",
    "primary_language",
    "interpreter_needed",
    "placement_type",
    "county",
    "office",
    "team",
    "worker",
    "status",
    "opened_days_ago",
    "known_runaway_history",
    "episodes",
    "notes",
}
EPISODE_KEYS = {
    "missing_hours_ago",
    "le_after_hours",
    "le_number",
    "ncmec_after_hours",
    "ncmec_number",
    "returned_after_hours",
    "location",
    "location_details",
    "notes",
}


def test_the_caseload_has_every_key_the_command_reads():
    numbers = [case["case_number"] for case in demo_data.CASES]
    assert len(numbers) == 24 and len(set(numbers)) == len(numbers)
    teams = {team["key"] for team in demo_data.TEAMS}
    workers = {user["username"] for user in demo_data.USERS if user.get("caseworker_of")}
    for case in demo_data.CASES:
        assert set(case) == CASE_KEYS, case["case_number"]
        assert case["team"] in teams and case["worker"] in workers
        for episode in case["episodes"]:
            assert set(episode) - {"comment"} == EPISODE_KEYS, case["case_number"]
        for note in case["notes"]:
            assert {"hours_ago", "body"} <= set(note)


def test_the_synthetic_pools_are_weighted_and_cover_every_team():
    assert set(demo_data.SYNTHETIC_LOCATIONS) == {team["key"] for team in demo_data.TEAMS}
    groups = {"f", "m", "n"}
    for pool in demo_data.NAME_POOLS:
        assert pool["weight"] > 0 and groups <= set(pool) and pool["last"]
        for language, weight, interpreter_chance in pool["languages"]:
            assert language and weight > 0 and 0 <= interpreter_chance <= 1
    assert all(group in groups and weight > 0 for _pronouns, weight, group in demo_data.PRONOUNS)
    assert all(weight > 0 for _placement, weight in demo_data.PLACEMENTS)
