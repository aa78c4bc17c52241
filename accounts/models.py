from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles
from .append_only import AppendOnly, RecordIsFinal


class User(AbstractUser):
    """A person who signs in: caseworker, supervisor, instrument administrator or admin."""

    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the pages and printouts for this person; empty: the browser's."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """Django's, without its shortcut for superusers: a system administrator holds every model
        permission (ModelBackend gives a superuser all of them) and, on an object, what the rules
        give them (*/rules.py name `is_system_admin` where one may act: not to screen a closed case,
        not to review)."""
        if not self.is_active:
            return False
        for backend in auth.get_backends():
            if not hasattr(backend, "has_perm"):
                continue
            try:
                if backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:
                return False
        return False

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
    def is_program_manager(self) -> bool:
        return roles.has_role(self, roles.PROGRAM_MANAGER)

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
    # Program managers see this team's figures (reporting/), never its cases.
    program_managers = models.ManyToManyField(
        User, related_name="managed_teams", blank=True, verbose_name=_("program managers")
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        permissions = [
            # Given to a program manager (user or group) for the figures of every team.
            ("view_agency_figures", _("Can see the figures of the whole agency")),
        ]

    def __str__(self):
        return self.name


def team_ids(user, relation: str) -> list[int]:
    """The ids of the teams the person is linked to by `relation` ("supervisors", "caseworkers",
    "program_managers": whether or not they hold the role), read once per user object, i.e. once
    per request. A list, not a subquery: with the ids in the query the database knows how many
    cases each team has (one team may hold a third of a state's cases) and plans for it; behind a
    subquery it assumes the average team."""
    cache = user.__dict__.setdefault("_team_ids", {})
    if relation not in cache:
        through = getattr(Team, relation).through
        cache[relation] = sorted(through.objects.filter(user_id=user.pk).values_list("team_id", flat=True))
    return cache[relation]


class AuditLogIsAppendOnly(RecordIsFinal):
    """An audit event was asked to change or to go."""


class AuditEvent(AppendOnly):
    """Who did what to which record, when, from where. Never edited, never deleted (append_only.py).

    The case is kept as its id rather than a foreign key: accounts sits below cases,
    and an audit row must outlive anything it points at.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", _("viewed")
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")
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

    refused = AuditLogIsAppendOnly
    changed_message = _("Audit events cannot be changed.")
    deleted_message = _("Audit events cannot be deleted.")

    class Meta(AppendOnly.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "-at"], name="audit_case_at"),
            # The few rows the system administrator's and the instrument administrator's home
            # pages read from a table of every read of every case: failed logins, newest first
            # (accounts/signins.py), and each instrument version's latest change
            # (indicators/library.py).
            models.Index(
                fields=["-at"], condition=models.Q(action="login_failed"), name="audit_login_failed"
            ),
            models.Index(
                fields=["object_id", "-at"],
                condition=models.Q(object_type="indicators.instrumentversion"),
                name="audit_instrument_version",
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.summary}"
