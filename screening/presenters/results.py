"""A tier's result in words: its answers by section, the rules that fired on them, its addenda,
the result that counts now (screenings before instruments v2), and the review's history."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import MissingEpisode
from indicators.levels import Level
from indicators.translations import reader_language


def answer_labels(screening) -> dict:
    """{item code: {answer value: answer label}} for the items the screening presents."""
    scales = {
        name: {o["value"]: o["label"] for o in scale.get("options", [])}
        for name, scale in screening.content_in(reader_language()).get("answer_scales", {}).items()
    }
    return {item["code"]: scales.get(item["scale"], {}) for item in screening.presented_items()}


def fired_rules(screening, result=None):
    """The fired rules as stored at submission, with the level and answers in words.

    `result` is another stored result of the same screening (an addendum's re-scored one).
    """
    labels = answer_labels(screening)
    result = screening.result if result is None else result
    reasons, item_texts = reader_texts(screening)
    return [
        dict(
            rule,
            reason=reasons.get(rule["id"]) or rule.get("reason", ""),
            level_label=Level(rule["level"]).label,
            answers=[
                dict(
                    a,
                    text=item_texts.get(a["item"]) or a.get("text", ""),
                    answer_label=labels.get(a["item"], {}).get(a["answer"], a["answer"]),
                )
                for a in rule.get("answers", [])
            ],
        )
        for rule in (result or {}).get("fired_rules", [])
    ]


def reader_texts(screening) -> tuple[dict, dict]:
    """({rule id: reason}, {item code: text}) of the screening's version in the reader's language.

    A result keeps the reasons and item texts it was scored with, in the version's own language;
    a reader of another language reads them from the version's translations, by id and code."""
    content = screening.content_in(reader_language())
    reasons = {r["id"]: r.get("reason") for r in content.get("rules", [])}
    items = {i["code"]: i.get("text") for s in content.get("sections", []) for i in s.get("items", [])}
    return reasons, items


def answers_by_section(screening, addenda):
    """Every presented item with its answer (label) and note, and any later correction."""
    labels_of = answer_labels(screening)
    corrected = {}
    for addendum in addenda:
        for code, value in addendum.corrections.items():
            corrected[code] = (value, addendum)
    fired_on = {}
    for rule in (screening.result or {}).get("fired_rules", []):
        for ref in rule.get("answers", []):
            fired_on.setdefault(ref["item"], []).append(rule["id"])
    # The questions as they were asked, when the interview was in another language than the reader's.
    reader = reader_language()
    asked = (
        {i["code"]: i for s in screening.sections(screening.language) for i in s["items"]}
        if screening.language != reader and screening.language in screening.languages
        else {}
    )
    out = []
    for section in screening.sections():
        rows = []
        for item in section["items"]:
            code, labels = item["code"], labels_of.get(item["code"], {})
            as_asked = asked.get(code, {})
            answer = screening.answers.get(code)
            correction = corrected.get(code)
            rows.append(
                {
                    "item": item,
                    "prefilled": from_record(screening.prefilled.get(code)),
                    "established": code in screening.established,
                    "answer": answer,
                    "answer_label": labels.get(answer) if answer else None,
                    "note": screening.notes.get(code, ""),
                    "fired": fired_on.get(code, []),
                    "asked": as_asked.get("phrasing") or as_asked.get("text"),
                    "asked_language": screening.language,
                    "correction": (
                        {"label": labels.get(correction[0], correction[0]), "addendum": correction[1]}
                        if correction
                        else None
                    ),
                }
            )
        out.append({"section": section, "rows": rows})
    return out


def addendum_corrections(screening, addendum) -> list[dict]:
    """An addendum's corrected answers in words: item text, the answer before and after."""
    labels_of = answer_labels(screening)
    texts = {item["code"]: item["text"] for item in screening.presented_items()}
    out = []
    for code, value in addendum.corrections.items():
        labels = labels_of.get(code, {})
        before = screening.answers.get(code)
        out.append(
            {
                "code": code,
                "text": texts.get(code, code),
                "before": labels.get(before, before) if before else None,
                "after": labels.get(value, value),
            }
        )
    return out


def addenda(screening) -> list:
    """The screening's addenda, oldest first, each with its corrected answers and the rules after them."""
    out = list(screening.addenda.select_related("created_by"))
    for addendum in out:
        addendum.correction_rows = addendum_corrections(screening, addendum)
        addendum.fired_rules = fired_rules(screening, addendum.result) if addendum.result else []
        addendum.level_label = Level(addendum.level).label if addendum.level else ""
    return out


def latest_correction(addenda: list):
    """The last addendum that corrected answers (and so has a level), or None."""
    return next((a for a in reversed(addenda) if a.level), None)


@dataclass
class Outcome:
    """The result that counts now: the latest correction's, else the one kept at submission."""

    level: str
    label: Level
    fired_rules: list
    flags: list
    corrected_by: object = None  # the Addendum, when a correction gave this result
    original_rules: list = field(default_factory=list)

    @property
    def tier2_recommended(self) -> bool:
        return "tier2_recommended" in self.flags


def outcome(screening, addenda: list) -> Outcome | None:
    if screening.is_draft or not screening.level:
        return None
    original = fired_rules(screening)
    correction = latest_correction(addenda)
    if correction is None:
        return Outcome(screening.level, Level(screening.level), original, screening.flags)
    return Outcome(
        correction.level,
        Level(correction.level),
        fired_rules(screening, correction.result),
        list((correction.result or {}).get("flags", [])),
        corrected_by=correction,
        original_rules=original,
    )


def review_history(screening) -> list[dict]:
    """Supervisors' decisions and caseworkers' responses, oldest first."""
    entries = [
        {
            "kind": "decision",
            "decision": review.decision,
            "label": review.get_decision_display(),
            "comment": review.comment,
            "at": review.decided_at,
            "by": review.decided_by,
        }
        for review in screening.reviews.select_related("decided_by")
    ] + [
        {
            "kind": "response",
            "decision": "",
            "label": "",
            "comment": response.comment,
            "at": response.created_at,
            "by": response.created_by,
        }
        for response in screening.review_responses.select_related("created_by")
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def from_record(entry: dict | None) -> dict | None:
    """A prefilled answer with what the record says of it in words (`from`), in the reader's
    language. Screenings started before the facts were kept (`fact`) keep the words they stored."""
    if not entry or "fact" not in entry:
        return entry
    if entry["fact"] == "missing_episodes":
        count = entry.get("count", 0)
        words = ngettext(
            "%(count)s missing-from-care episode on the record",
            "%(count)s missing-from-care episodes on the record",
            count,
        ) % {"count": count}
    else:
        labels = dict(MissingEpisode.RecoveryLocation.choices)
        words = "; ".join(
            _("recovered %(when)s: %(where)s")
            % {
                "when": date_format(date.fromisoformat(when), "SHORT_DATE_FORMAT") if when else "—",
                "where": labels.get(where, where),
            }
            for when, where in entry.get("returns", [])
        )
    return {**entry, "from": words}
