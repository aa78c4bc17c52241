"""Every view and write of a screening leaves an audit event naming the case."""

from accounts.models import AuditEvent
from screening.models import Screening

from .conftest import AUTOSAVE, T1_INDICATOR_A, answer_all, form_data


def test_the_whole_flow_is_audited_with_the_case(client, caseworker, youth_case, library):
    client.force_login(caseworker)
    steps = []

    def step(name, response, **expected):
        assert response.status_code in (200, 302), name
        event = AuditEvent.objects.filter(case_id=youth_case.pk).latest("pk")
        for key, value in expected.items():
            assert getattr(event, key) == value, (name, key, getattr(event, key))
        assert event.user == caseworker and event.ip_address
        steps.append(name)
        return event

    step("start page", client.get(f"/cases/{youth_case.pk}/screenings/new/"), action="viewed")
    step(
        "start",
        client.post(
            f"/cases/{youth_case.pk}/screenings/new/", {"context": "general", "version": library.tier1.pk}
        ),
        action="created",
        summary="Screening started",
    )
    screening = Screening.objects.get(case=youth_case)
    step(
        "view",
        client.get(f"/screenings/{screening.pk}/"),
        action="viewed",
        object_type="screening.screening",
        object_id=str(screening.pk),
    )
    step(
        "autosave",
        client.post(
            f"/screenings/{screening.pk}/save/", form_data(screening, {T1_INDICATOR_A: "yes"}), **AUTOSAVE
        ),
        action="updated",
        summary="Screening draft saved",
    )
    screening.refresh_from_db()
    step(
        "submit",
        client.post(
            f"/screenings/{screening.pk}/submit/",
            form_data(screening, answer_all(screening, **{T1_INDICATOR_A: "yes"})),
        ),
        action="updated",
        summary="Screening submitted",
    )
    action = screening.actions.get(code="safety-planning")
    step(
        "close action",
        client.post(f"/actions/{action.pk}/close/", {"status": "done", "version": action.version}),
        action="updated",
        summary="Guidance action closed",
        object_id=str(action.pk),
    )
    step(
        "reopen action",
        client.post(
            f"/actions/{action.pk}/reopen/", {"reason": "Closed by mistake.", "version": action.version + 1}
        ),
        action="updated",
        summary="Guidance action reopened",
    )
    step(
        "determination",
        client.post(f"/screenings/{screening.pk}/determination/", {"determination": "agree"}),
        summary="Caseworker's determination recorded",
    )
    step(
        "addendum",
        client.post(f"/screenings/{screening.pk}/addenda/new/", {"body": "Later note."}),
        action="created",
        summary="Addendum added to a screening",
    )
    step(
        "follow-up",
        client.post(f"/screenings/{screening.pk}/follow-up/"),
        action="created",
        summary="Screening started",
    )
    assert len(steps) == 10


def test_the_home_page_view_is_audited_with_the_cases_it_showed(client, caseworker, tier1_possible):
    client.force_login(caseworker)
    client.get("/")
    event = AuditEvent.objects.filter(summary="Home page").latest("pk")
    assert event.user == caseworker and event.detail["cases"] == [tier1_possible.case_id]
