"""Signals the screening workflow sends for the apps above it (alerts), which screening never
imports: they connect to these in their own ready().

`outcome_recorded` is sent once the transaction that submitted or corrected a screening has
committed (never for a write that was rolled back), with the id of the screening whose outcome it
is (the first tier). Receivers are called with `send_robust`: a receiver's failure is logged and
never undoes or breaks the caseworker's submission.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# sender: the Screening class; keyword: screening_id (the first tier, which keeps the outcome).
outcome_recorded = Signal()


def send_outcome_recorded(screening_id: int) -> None:
    """Send `outcome_recorded` for this screening after the current transaction commits."""

    def send() -> None:
        from .models import Screening

        for receiver, result in outcome_recorded.send_robust(sender=Screening, screening_id=screening_id):
            if isinstance(result, Exception):
                logger.error(
                    "outcome_recorded receiver %r failed for screening %s",
                    receiver,
                    screening_id,
                    exc_info=result,
                )

    transaction.on_commit(send)
