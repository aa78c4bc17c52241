"""The source documents an item may cite (the shared seed folder, seeds/README.md): the editor
offers them in a list, so a source is picked, not typed as a file name."""

from django.utils.translation import gettext_lazy as _

DOCUMENTS = {
    "000_c08b02828a0c728f.txt": _("000: article on child trafficking and child abuse (UMSL)"),
    "001_89342d8e81b0a00a.txt": _("001: HHS Office on Trafficking in Persons, Child Abuse Prevention Month"),
    "002_a0771d54910a724e.txt": _("002: NCTSN fact sheet, Child Sex Trafficking (2024)"),
    "003_960e6c1bdefe39dc.txt": _("003: NCMEC guide, Child Sex Trafficking in America"),
    "004_b032ca5479b31c56.txt": _(
        "004: Child Welfare Information Gateway, Human Trafficking and Child Welfare (2023)"
    ),
}


def document_choices(current: str | None = None) -> list[tuple[str, object]]:
    """The documents, and the one an item already cites when it is not among them (kept as is)."""
    choices: list[tuple[str, object]] = [("", _("None (a citation instead)"))]
    choices += list(DOCUMENTS.items())
    if current and current not in DOCUMENTS:
        choices.append((current, current))
    return choices
