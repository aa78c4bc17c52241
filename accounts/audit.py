"""Recording audit events: every read, write, print and export of a case leaves one."""

from django.conf import settings

from .models import AuditEvent

Action = AuditEvent.Action


def client_address(request) -> str | None:
    if request is None:
        return None
    if settings.AUDIT_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request,
    action: str,
    *,
    case=None,
    obj=None,
    summary: str = "",
    detail=None,
    user=None,
    username: str = "",
) -> AuditEvent:
    """Append one audit event. `case` is the case the event concerns (or None)."""
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    if obj is not None and not summary:
        summary = str(obj._meta.verbose_name)
    return AuditEvent.objects.create(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        action=action,
        case_id=getattr(case, "pk", case),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        summary=str(summary)[:255],
        path=request.get_full_path()[:500] if request is not None else "",
        ip_address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else "",
        detail=detail or {},
    )


def shown(request, *, case, obj, page: str) -> AuditEvent:
    """A page that shows a youth's record was rendered. A form shown again after refused input
    (or an edit conflict) shows the record as much as its first showing: both are audited, the
    second marked so."""
    detail = {"page": page}
    if request.method == "POST":
        detail["shown_again"] = "refused input or conflict"
    return record(request, Action.VIEWED, case=case, obj=obj, detail=detail)
