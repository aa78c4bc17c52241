"""Signals the studio sends for the apps above it (alerts), which the studio never imports: they
connect to these in their own ready() (as screening/signals.py does for outcomes).

`publication_changed` is sent once the transaction that requested, approved or sent back a
publication has committed (never for a write that was rolled back), with the request's id and what
happened (`REQUESTED`, `APPROVED`, `SENT_BACK`). Receivers are called with `send_robust`: a
receiver's failure is logged and never undoes or breaks the administrator's decision.
"""

import logging

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

REQUESTED = "requested"
APPROVED = "approved"
SENT_BACK = "sent_back"

# sender: the PublicationRequest class; keywords: request_id, happened (one of the three above).
publication_changed = Signal()


def send_publication_changed(request_id: int, happened: str) -> None:
    """Send `publication_changed` for this request after the current transaction commits."""

    def send() -> None:
        from .models import PublicationRequest

        results = publication_changed.send_robust(
            sender=PublicationRequest, request_id=request_id, happened=happened
        )
        for receiver, result in results:
            if isinstance(result, Exception):
                logger.error(
                    "publication_changed receiver %r failed for request %s (%s)",
                    receiver,
                    request_id,
                    happened,
                    exc_info=result,
                )

    transaction.on_commit(send)
