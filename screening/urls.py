from django.urls import path

from .views import actions, answers, printouts, results, reviews, worklists

app_name = "screening"

urlpatterns = [
    path("cases/<int:case_pk>/screenings/new/", answers.start, name="start"),
    path("screenings/<int:pk>/", answers.detail, name="detail"),
    path("screenings/<int:pk>/setting/", answers.setting, name="setting"),
    path("screenings/<int:pk>/save/", answers.save, name="save"),
    path("screenings/<int:pk>/submit/", answers.submit, name="submit"),
    path("screenings/<int:pk>/interview-mode/", answers.interview, name="interview_mode"),
    path("screenings/<int:pk>/interview-mode/leave/", answers.interview_leave, name="interview_mode_leave"),
    path("screenings/<int:pk>/determination/", results.determination, name="determination"),
    path("screenings/<int:pk>/follow-up/", results.follow_up, name="follow_up"),
    path("screenings/<int:pk>/addenda/new/", results.addendum, name="addendum"),
    path("reviews/", reviews.queue, name="review_queue"),
    # Every row of a home page's list: /work/due/, /work/actions/, ... (name: work_due, ...).
    *(
        path(f"work/{kind}/", worklists.worklist, {"kind": kind}, name=f"work_{kind}")
        for kind in worklists.TITLES
    ),
    path("screenings/<int:pk>/review/", reviews.review_page, name="review"),
    path("screenings/<int:pk>/respond/", reviews.respond, name="respond"),
    path("screenings/<int:pk>/print/", printouts.screening_pdf, name="print"),
    path("cases/<int:case_pk>/print/", printouts.case_pdf, name="print_case"),
    path("actions/<int:pk>/close/", actions.action_close, name="action_close"),
    path("actions/<int:pk>/reopen/", actions.action_reopen, name="action_reopen"),
]
