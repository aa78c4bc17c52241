"""Test data (factory-boy). Names are fictional."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import Team, User
from cases.models import Case, CaseNote, MissingEpisode

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@agency.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    office = "Central office"
    county = "Example County"


def caseworker(username, team, **kwargs):
    user = UserFactory(username=username, roles=[roles.CASEWORKER], **kwargs)
    team.caseworkers.add(user)
    return user


def supervisor(username, team, **kwargs):
    user = UserFactory(username=username, roles=[roles.SUPERVISOR], **kwargs)
    team.supervisors.add(user)
    return user


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    case_number = factory.Sequence(lambda n: f"TEST-{n:06d}")
    legal_name = factory.Faker("name")
    chosen_name = ""
    pronouns = "they/them"
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=15 * 365))
    team = factory.SubFactory(TeamFactory)
    assigned_caseworker = factory.SubFactory(UserFactory)
    county = "Example County"
    office = "Central office"


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissingEpisode

    case = factory.SubFactory(CaseFactory)
    went_missing_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=3))
    returned_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    recovery_location_type = MissingEpisode.RecoveryLocation.FRIEND


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    author = factory.LazyAttribute(lambda note: note.case.assigned_caseworker)
    body = "Visited the placement; the youth said school is going better."
