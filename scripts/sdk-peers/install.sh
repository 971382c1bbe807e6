#!/usr/bin/env bash
# Installs the OpenTelemetry SDKs that tests/sdk_peers.rs runs as peers, at pinned versions,
# into a folder of their own (nothing global): DIR/python (pip --target) and DIR/node (npm
# --prefix). Run again, it does nothing. Any failure ends the script with a non-zero status.
set -euo pipefail

PYTHON_API=1.45.3   # opentelemetry-api on PyPI
NODE_API=1.10.0     # @opentelemetry/api on npm
NODE_CORE=3.1.1     # @opentelemetry/core on npm (W3CBaggagePropagator)

dir="$(realpath -m "${1:?usage: install.sh DIR}")"
stamp="$dir/installed-py$PYTHON_API-api$NODE_API-core$NODE_CORE"
if [ -f "$stamp" ]; then
  exit 0
fi
# Installed beside, then moved in: an interrupted run leaves nothing half-installed.
partial="$dir.partial"
rm -rf "$partial" "$dir"
mkdir -p "$partial/python" "$partial/node"

python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
  --root-user-action=ignore \
  --target "$partial/python" "opentelemetry-api==$PYTHON_API"
npm install --silent --no-audit --no-fund --prefix "$partial/node" \
  "@opentelemetry/api@$NODE_API" "@opentelemetry/core@$NODE_CORE"
mv "$partial" "$dir"

# Each peer says which version it runs; a missing module fails here, not in the tests.
PYTHONPATH="$dir/python" python3 -c \
  "from importlib.metadata import version; import opentelemetry.baggage.propagation; print('opentelemetry-api', version('opentelemetry-api'))"
node -e "require('$dir/node/node_modules/@opentelemetry/core'); \
  const meta = require('$dir/node/node_modules/@opentelemetry/core/package.json'); \
  console.log('@opentelemetry/core', meta.version)"
touch "$stamp"
