#!/usr/bin/env bash
# The project's test command: compiles, runs every test (unit, wire-level against the local emulators,
# end-to-end CLI runs, template contract) and checks the house style. Finds a JDK 21+ by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
echo "using JDK at $JAVA_HOME" >&2
exec mvn -B -ntp -Dstyle.color=never verify "$@"
