#!/usr/bin/env bash
# The web frameworks test/local/frameworks serves behind the offline cloud, installed, pinned,
# from their registries into node_modules/.cache: a fresh clone gets them on its first run and
# `npm ci` drops them (the pattern of integ/cfn-lint.sh). Nothing of them is vendored.
#
#   install-frameworks.sh powertools   Powertools for AWS Lambda (Python), from PyPI
#   install-frameworks.sh express      Express 5 and serverless-http, from npm
#
# Prints the folder the packages are in: a Python import root, or a folder with node_modules/.
# A folder is moved into place only once its install succeeded, so an interrupted run leaves
# nothing that looks installed.
set -euo pipefail
POWERTOOLS_VERSION=3.37.0
EXPRESS_VERSION=5.3.0
SERVERLESS_HTTP_VERSION=4.0.0

cd "$(dirname "$0")/../../.."
cache="node_modules/.cache"

case "${1:-}" in
  powertools) dir="${cache}/aws-lambda-powertools-${POWERTOOLS_VERSION}" ;;
  express) dir="${cache}/express-${EXPRESS_VERSION}-serverless-http-${SERVERLESS_HTTP_VERSION}" ;;
  *) echo "usage: $0 powertools|express" >&2; exit 2 ;;
esac

if [ ! -d "${dir}" ]; then
  mkdir -p "${cache}"
  staging="$(mktemp -d "${dir}.partial-XXXXXX")"
  trap 'rm -rf "${staging}"' EXIT
  case "$1" in
    powertools)
      # Pure Python wheels; the offline cloud runs Python functions with this machine's python3.
      PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --no-compile --only-binary=:all: \
        --target "${staging}" "aws-lambda-powertools==${POWERTOOLS_VERSION}" ;;
    express)
      npm install --prefix "${staging}" --no-audit --no-fund --silent --no-package-lock \
        "express@${EXPRESS_VERSION}" "serverless-http@${SERVERLESS_HTTP_VERSION}" ;;
  esac
  # Another run may have finished first: its folder is as good as ours.
  mv -T "${staging}" "${dir}" 2>/dev/null || [ -d "${dir}" ]
fi
echo "$(pwd)/${dir}"
