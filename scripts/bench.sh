#!/usr/bin/env bash
# Times whole sync runs of the packaged jar against the local emulators (no AWS account needed):
#   scripts/bench.sh [workspaces=100] [rolesPerWorkspace=5] [runs=3]
# A benchmark, not a test: it asserts nothing and is not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
if ! build_log=$(mvn -B -q -ntp -Dstyle.color=never package -DskipTests 2>&1); then
    echo "$build_log" >&2
    exit 1
fi
exec java -cp target/windmill-iam-sync.jar:target/test-classes dev.iamsync.demo.SyncBenchmark "$@"
