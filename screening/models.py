# Screenings, answers, results and reviews arrive with their issue.
