"""`manage.py score`: score a screening from the command line, the way the app does.

    manage.py score --instrument SLUG [--version N] --answers FILE.json [--context CONTEXT] [--age N]
                    [--then SLUG [--then-version N] --then-answers FILE.json] [--jurisdiction SLUG]

Scores answers ({"ITEM_CODE": "yes", ...}) with a version of an instrument (default: its latest
published version), and, with --then, the in-depth interview that follows it (items the first tier
established are filled in, as in the app). Prints JSON: {"tiers": [each tier's result], "outcome":
the screening's outcome over the tiers under the jurisdiction profile}. Unknown item codes, answers
not on an item's scale and every other bad argument are errors, never ignored.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators import engine
from indicators.engine import CONTEXTS, MAX_AGE, AnswerError, ContentError
from indicators.levels import Level
from indicators.models import Instrument, InstrumentVersion, Jurisdiction


def with_words(result: dict[str, Any], *, explanation: bool) -> dict[str, Any]:
    """``result`` with its level in words after the level (the engine gives codes only): a tier's
    label and explanation, the outcome's label."""
    level = Level(result["level"])
    words = {"level_label": str(level.label)}
    if explanation:
        words["level_explanation"] = str(level.explanation)
    out: dict[str, Any] = {}
    for key, value in result.items():
        out[key] = value
        if key == "level":
            out.update(words)
    return out


class Command(BaseCommand):
    help = "Score a screening's answers (JSON files of item code -> answer); print each tier and the outcome."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the instrument version here, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, metavar="SLUG", help="instrument slug")
        parser.add_argument(
            "--version",
            dest="number",
            type=int,
            metavar="N",
            help="version number (default: the latest published version)",
        )
        parser.add_argument(
            "--answers",
            required=True,
            metavar="FILE.json",
            help='JSON object of item code -> answer, e.g. {"T1-MT-01": "yes"}',
        )
        parser.add_argument(
            "--context",
            choices=CONTEXTS,
            default=None,
            help="screening context: only that context's items are presented (default: every item)",
        )
        parser.add_argument(
            "--age",
            type=int,
            metavar="N",
            help="the youth's age in years: only the items that suit it are presented, "
            "and rules, guidance and reports follow it",
        )
        parser.add_argument("--then", metavar="SLUG", help="the in-depth interview that follows")
        parser.add_argument(
            "--then-version",
            dest="then_number",
            type=int,
            metavar="N",
            help="its version number (default: the latest published version)",
        )
        parser.add_argument("--then-answers", metavar="FILE.json", help="the interview's answers")
        parser.add_argument(
            "--jurisdiction",
            metavar="SLUG",
            help="jurisdiction profile (default: the SCREENING_JURISDICTION setting)",
        )

    def handle(
        self,
        *args,
        instrument,
        number=None,
        answers,
        context=None,
        age=None,
        then=None,
        then_number=None,
        then_answers=None,
        jurisdiction=None,
        **options,
    ):
        if age is not None and not 0 <= age <= MAX_AGE:
            raise CommandError(f"--age must be a whole number of years from 0 to {MAX_AGE}, got {age}")
        if (then is None) != (then_answers is None):
            raise CommandError("--then and --then-answers go together: the interview and its answers")
        if then_number is not None and then is None:
            raise CommandError("--then-version needs --then")
        profile = self._jurisdiction(jurisdiction)
        first = self._version(instrument, number)
        tiers = [self._score(first, self._answers(answers), answers, context, age)]
        next_tier = None
        if then is not None:
            second = self._version(then, then_number)
            if second.instrument.tier <= first.instrument.tier:
                raise CommandError(
                    f'--then "{then}" is a tier {second.instrument.tier} instrument; it must follow '
                    f'"{instrument}" (tier {first.instrument.tier}) with a higher tier'
                )
            tiers.append(self._follow(first, tiers[0], second, then_answers, context, age))
        elif first.instrument.tier < 2:
            next_tier = self._next_tier(profile, first, context)
        outcome = engine.outcome(tiers, age=age, profile=profile.profile(), next_tier=next_tier)
        data = {
            "tiers": [with_words(tier.result.to_dict(), explanation=True) for tier in tiers],
            "outcome": with_words(outcome.to_dict(), explanation=False),
        }
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))

    def _score(self, version, answers, filename, context, age, established=()):
        try:
            result = engine.score(
                version.content,
                answers,
                age=age,
                established=established,
                items_presented=engine.items_shown(version.content, context, age),
            )
        except AnswerError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.problems)
            at_age = f" at age {age}" if age is not None else ""
            raise CommandError(
                f"{filename}: the answers do not fit {version.instrument.slug} version {version.number}"
                f"{at_age}:\n{problems}"
            ) from None
        except ContentError as exc:
            raise CommandError(f"{version}: the instrument content is malformed: {exc}") from None
        return engine.Tier(version.content, result)

    def _follow(self, first, first_tier, second, filename, context, age):
        """The interview, with the items the first tier established filled in (not asked)."""
        answers = self._answers(filename)
        found = engine.established(
            second.content,
            earlier_instrument=first.instrument.slug,
            earlier_answers=dict(first_tier.result.answers),
            items_presented=engine.items_shown(second.content, context, age),
        )
        clashes = [
            f'item "{code}" is established by {first.instrument.slug} ({", ".join(e["from"])}) as '
            f'"{e["answer"]}"; it is not asked, so it cannot be answered "{answers[code]}"'
            for code, e in found.items()
            if answers.get(code) not in (None, e["answer"])
        ]
        if clashes:
            raise CommandError(f"{filename}:\n" + "\n".join(f"  - {c}" for c in clashes))
        answers.update({code: e["answer"] for code, e in found.items()})
        return self._score(second, answers, filename, context, age, established=list(found))

    def _next_tier(self, jurisdiction, first, context):
        for version in jurisdiction.versions_for(context or "general"):
            if version.instrument.tier > first.instrument.tier:
                return version.content
        return None

    def _jurisdiction(self, slug):
        slug = slug or settings.SCREENING_JURISDICTION
        found = Jurisdiction.objects.filter(slug=slug).first()
        if found is None:
            known = ", ".join(Jurisdiction.objects.order_by("slug").values_list("slug", flat=True))
            known = known or "(none: run load_instruments)"
            raise CommandError(f'unknown jurisdiction "{slug}"; loaded jurisdictions: {known}')
        return found

    def _version(self, slug, number):
        if not Instrument.objects.filter(slug=slug).exists():
            known = ", ".join(Instrument.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f'unknown instrument "{slug}"; known instruments: {known or "(none loaded)"}')
        if number is None:
            try:
                return InstrumentVersion.objects.latest_published(slug)
            except InstrumentVersion.DoesNotExist:
                raise CommandError(
                    f'instrument "{slug}" has no published version; give --version N to score a draft'
                ) from None
        try:
            return InstrumentVersion.objects.pinned(slug, number)
        except InstrumentVersion.DoesNotExist:
            numbers = list(
                InstrumentVersion.objects.filter(instrument__slug=slug)
                .order_by("number")
                .values_list("number", flat=True)
            )
            raise CommandError(
                f'instrument "{slug}" has no version {number}; its versions: '
                f"{', '.join(str(n) for n in numbers) or '(none)'}"
            ) from None

    def _answers(self, filename):
        path = Path(filename)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{filename}: no such answers file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{filename}: cannot read the answers file: {exc}") from None
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            detail = (
                f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
                if isinstance(exc, json.JSONDecodeError)
                else "nested too deeply"
            )
            raise CommandError(f"{filename}: not valid JSON: {detail}") from None
        if not isinstance(data, dict):
            raise CommandError(
                f'{filename}: expected a JSON object of item code -> answer, e.g. {{"T1-MT-01": "yes"}}'
            )
        return data
