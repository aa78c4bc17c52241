# Instruments, versions, items, rules and jurisdictions arrive with their issue.
