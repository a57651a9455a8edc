#!/usr/bin/env bash
# cfn-lint over every integ snapshot template: an error fails; warnings are printed for a reader to judge.
# cfn-lint is a Python tool; it is installed, pinned, into a virtual environment under
# node_modules/.cache, so a fresh clone gets it from PyPI on its first run and `npm ci` drops it.
set -euo pipefail
CFN_LINT_VERSION=1.58.0
venv="node_modules/.cache/cfn-lint-${CFN_LINT_VERSION}"
if [ ! -x "${venv}/bin/cfn-lint" ]; then
  python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==${CFN_LINT_VERSION}"
fi
templates=(integ/*.snapshot/*.template.json)
echo "$("${venv}/bin/cfn-lint" --version) on ${#templates[@]} templates"
"${venv}/bin/cfn-lint" --non-zero-exit-code error -- "${templates[@]}"
echo "cfn-lint: no errors"
