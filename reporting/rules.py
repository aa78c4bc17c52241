"""Who may see the agency's figures (reports, exports, the JSON for the data warehouse)."""

import rules

from .scope import may_see_figures

can_view_figures = rules.predicate(may_see_figures, name="can_view_figures")

rules.add_perm("reporting.view_figures", can_view_figures)
