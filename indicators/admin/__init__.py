"""The instrument library in the admin site, for instrument administrators.

Drafts are edited here (a version with its sections, rules and guidance; a section with its
items). A published or retired version is read-only, and so are its rows. A version's page
links to: new draft from this version, publish, retire, compare with the previous version and
export. Every change made here is audited (accounts.audit), besides the admin's own log.

- instruments.py, versions.py, sections.py, jurisdictions.py: a ModelAdmin each (with inlines);
- views.py: the version's own pages (new draft, publish, retire, compare, export);
- forms.py: forms, fields and widgets; base.py: what they share (a frozen version stays as it is).
"""

# Importing a module registers its ModelAdmins with the admin site.
from . import instruments, jurisdictions, sections, versions  # noqa: F401
