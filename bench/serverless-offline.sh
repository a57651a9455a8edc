#!/usr/bin/env bash
# serverless-offline, the tool a Serverless Framework user serves an HTTP API with on their machine,
# for the benchmarks to compare graviton-local against. It is not a dependency of this project:
# it is installed, pinned, under node_modules/.cache on first use (so `npm ci` drops it).
#
#   bash bench/serverless-offline.sh --install           install only (prints nothing on stdout)
#   bash bench/serverless-offline.sh SERVICE_DIR ARGS... `serverless offline start ARGS...` in SERVICE_DIR
#
# serverless-offline 13 is the newest release for the Serverless Framework v3 (v14 needs v4, which
# needs a login); it knows Python runtimes up to python3.11.
set -euo pipefail
SERVERLESS_VERSION=3.40.0
SERVERLESS_OFFLINE_VERSION=13.9.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${root}/node_modules/.cache/serverless-offline-${SERVERLESS_OFFLINE_VERSION}"
if [ ! -f "${prefix}/node_modules/serverless-offline/package.json" ] || [ ! -f "${prefix}/node_modules/serverless/package.json" ]; then
  mkdir -p "${prefix}"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "${prefix}" \
    "serverless@${SERVERLESS_VERSION}" "serverless-offline@${SERVERLESS_OFFLINE_VERSION}" >&2
fi
if [ "${1:-}" = "--install" ]; then exit 0; fi

service="$1"
shift
# The service finds its plugin the way a project that installed it does: in its own node_modules.
ln -sfn "${prefix}/node_modules" "${service}/node_modules"
cd "${service}"
# No AWS account and no network: no telemetry, no update or dashboard notifications, and
# placeholder credentials (offline never calls AWS, but the AWS provider looks for some).
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_DEPRECATION_DISABLE='*'
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
unset AWS_PROFILE AWS_SESSION_TOKEN
# exec: the process the caller started is serverless itself, so its process tree is the server's.
exec node "${prefix}/node_modules/serverless/bin/serverless.js" offline start "$@"
