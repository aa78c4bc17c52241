"""`manage.py score --instrument SLUG [--version N] --answers FILE.json [--context CONTEXT]`.

Scores a set of answers ({"ITEM_CODE": "yes", ...}) against a version of an instrument (default:
its latest published version) and prints the result as JSON. Unknown item codes and answers not
on an item's scale are errors, never ignored.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.engine import CONTEXTS, AnswerError, ContentError, items_for_context, score
from indicators.models import Instrument, InstrumentVersion


class Command(BaseCommand):
    help = "Score answers (a JSON file of item code -> answer) with an instrument version; print JSON."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the instrument version here, not Django's version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--instrument", required=True, metavar="SLUG", help="instrument slug")
        parser.add_argument("--version", dest="number", type=int, metavar="N",
                            help="version number (default: the latest published version)")
        parser.add_argument("--answers", required=True, metavar="FILE.json",
                            help='JSON object of item code -> answer, e.g. {"T1-MT-01": "yes"}')
        parser.add_argument("--context", choices=CONTEXTS,
                            help="screening context: only that context's items are presented")

    def handle(self, *args, instrument, number=None, answers, context=None, **options):
        version = self._version(instrument, number)
        answers_data = self._answers(answers)
        presented = items_for_context(version.content, context) if context else None
        try:
            result = score(version.content, answers_data, items_presented=presented)
        except AnswerError as exc:
            problems = "\n".join(f"  - {p}" for p in exc.problems)
            raise CommandError(
                f"{answers}: the answers do not fit {version.instrument.slug} version {version.number}:\n"
                f"{problems}"
            ) from None
        except ContentError as exc:
            raise CommandError(f"{version}: the instrument content is malformed: {exc}") from None
        self.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))

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
            numbers = list(InstrumentVersion.objects.filter(instrument__slug=slug)
                           .order_by("number").values_list("number", flat=True))
            raise CommandError(
                f'instrument "{slug}" has no version {number}; its versions: '
                f'{", ".join(str(n) for n in numbers) or "(none)"}'
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
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{filename}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
        if not isinstance(data, dict):
            raise CommandError(
                f'{filename}: expected a JSON object of item code -> answer, e.g. {{"T1-MT-01": "yes"}}'
            )
        return data
