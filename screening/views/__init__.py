"""The pages of screening, one module per part of the work (the URLs are in screening/urls.py):

- answers: start a screening, a draft (setting checklist, questions), save, submit
- results: the result or outcome page, the determination, the follow-up interview, an addendum
- actions: the checklist's actions, closed and reopened
- reviews: the supervisors' queue, the review of one screening, the caseworker's response
- printouts: the PDF summaries of a screening and of a case (rendering: screening/pdf.py)
- worklists: every row of a home page's list (the home page itself: config/views.py)
- fragments: what the answers to htmx requests share (the autosave, the checklist, the decision)

Thin: lookups through access.py (404 out of scope), permissions through rules.py, writes in services.
"""
