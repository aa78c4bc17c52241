#!/usr/bin/env bash
# A commit message: a subject of at most 72 characters, a blank line, then a body that says why.
# Used by .pre-commit-config.yaml (commit-msg stage); `scripts/check-commit-message.sh FILE`.
set -euo pipefail
file=${1:?usage: check-commit-message.sh COMMIT_MSG_FILE}
mapfile -t lines < <(grep -v '^#' "$file")
subject=${lines[0]:-}
if [ -z "$subject" ]; then
  echo "commit message: the subject line is empty" >&2; exit 1
fi
if [ ${#subject} -gt 72 ]; then
  echo "commit message: the subject has ${#subject} characters; at most 72" >&2; exit 1
fi
if [ ${#lines[@]} -lt 3 ] || [ -n "${lines[1]}" ]; then
  echo "commit message: after the subject, a blank line and a body saying why" >&2; exit 1
fi
