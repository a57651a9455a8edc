#!/usr/bin/env bash
# Builds the Go handlers of the shared runtime suite (main.go, on aws-lambda-go) into a Lambda
# custom runtime's `bootstrap` for GOARCH $1 (amd64 or arm64) and prints the folder that holds it.
# The build is cached under node_modules/.cache by a hash of the sources and the Go version, as
# integ/cfn-lint.sh caches its tool: a fresh clone builds once, and `npm ci` drops it.
set -euo pipefail
goarch="${1:?usage: build.sh amd64|arm64}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "${here}/../../../.." && pwd)"
hash="$( (cat "${here}/main.go" "${here}/go.mod" "${here}/go.sum" "${here}/build.sh"; go version) | sha256sum | cut -c1-16)"
out="${root}/node_modules/.cache/go-handlers-${hash}/${goarch}"
if [ ! -x "${out}/bootstrap" ]; then
  mkdir -p "${out}"
  # Static (no cgo) and without the RPC mode of the retired go1.x runtime, as AWS documents for provided.al2023.
  (cd "${here}" && CGO_ENABLED=0 GOOS=linux GOARCH="${goarch}" go build -tags lambda.norpc -trimpath -o "${out}/bootstrap.$$" .)
  mv "${out}/bootstrap.$$" "${out}/bootstrap"
fi
# The real path: a function sees its code folder as os.getcwd() resolves it (node_modules may be a link).
(cd "${out}" && pwd -P)
