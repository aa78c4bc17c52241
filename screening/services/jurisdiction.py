"""The agency's jurisdiction profile: the instruments a screening uses, and its deadlines."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from indicators import engine
from indicators.models import InstrumentVersion, Jurisdiction

from ..models import Screening
from .errors import ScreeningError


def current_jurisdiction() -> Jurisdiction:
    """The agency's jurisdiction profile (settings.SCREENING_JURISDICTION)."""
    try:
        return Jurisdiction.objects.get(slug=settings.SCREENING_JURISDICTION)
    except Jurisdiction.DoesNotExist:
        raise ScreeningError(
            _(
                'The jurisdiction profile "%(slug)s" is not loaded, so no screening can start. '
                "An administrator loads it with “manage.py load_instruments”."
            )
            % {"slug": settings.SCREENING_JURISDICTION}
        ) from None


def versions_for(context: str) -> list[InstrumentVersion]:
    """The latest published version of each instrument the jurisdiction uses in `context`."""
    return current_jurisdiction().versions_for(context)


def deadline_due(
    screening: Screening, deadline_key: str, *, jurisdiction: Jurisdiction, at: datetime
) -> datetime | None:
    """When an action with this deadline is due: hours after the youth went missing for the
    missing-report deadlines (when the screening follows an episode), otherwise after the
    screening was submitted."""
    if deadline_key not in engine.DEADLINE_KEYS:
        return None
    start = at
    if deadline_key.startswith("report_missing") and screening.episode is not None:
        start = screening.episode.went_missing_at
    return start + timedelta(hours=jurisdiction.deadline_hours(deadline_key))
