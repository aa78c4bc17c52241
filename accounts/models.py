from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles


class User(AbstractUser):
    """A person who signs in: caseworker, supervisor, instrument administrator or admin."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_caseworker(self) -> bool:
        return roles.has_role(self, roles.CASEWORKER)

    @property
    def is_supervisor(self) -> bool:
        return roles.has_role(self, roles.SUPERVISOR)

    @property
    def is_instrument_admin(self) -> bool:
        return roles.has_role(self, roles.INSTRUMENT_ADMIN)

    @property
    def role_labels(self) -> list[str]:
        labels = [roles.ROLE_LABELS[r] for r in roles.ROLE_LABELS if roles.has_role(self, r)]
        if self.is_superuser:
            labels.append(_("System administrator"))
        return labels


class Team(models.Model):
    """A unit of caseworkers and the supervisors who oversee their cases."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    office = models.CharField(_("office"), max_length=120, blank=True)
    county = models.CharField(_("county"), max_length=120, blank=True)
    supervisors = models.ManyToManyField(
        User, related_name="supervised_teams", blank=True, verbose_name=_("supervisors")
    )
    caseworkers = models.ManyToManyField(
        User, related_name="teams", blank=True, verbose_name=_("caseworkers")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AuditEventQuerySet(models.QuerySet):
    """Audit rows are append-only: no bulk update or delete through the ORM either."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly(_("Audit events cannot be changed."))

    def delete(self):
        raise AuditLogIsAppendOnly(_("Audit events cannot be deleted."))


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """Who did what to which record, when, from where. Never edited, never deleted.

    The case is kept as its id rather than a foreign key: accounts sits below cases,
    and an audit row must outlive anything it points at.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        PRINTED = "printed", _("printed")
        EXPORTED = "exported", _("exported")
        LOGGED_IN = "logged_in", _("logged in")
        LOGGED_OUT = "logged_out", _("logged out")
        LOGIN_FAILED = "login_failed", _("login failed")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("who"),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("As typed, for failed logins; as it was, for everyone else."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    case_id = models.BigIntegerField(_("case"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    path = models.CharField(_("address in the app"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case_id", "-at"], name="audit_case_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly(_("Audit events cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly(_("Audit events cannot be deleted."))
