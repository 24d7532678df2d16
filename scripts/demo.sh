#!/usr/bin/env bash
# Runs a complete sync locally, with no AWS account: builds the jar, starts the project's own IAM/STS/Secrets
# Manager and Windmill emulators on 127.0.0.1, runs `plan` and `sync`, and prints the report and the resulting
# Windmill variables with secrets masked. Finds a JDK 21+ by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
echo "building target/windmill-iam-sync.jar (JDK at $JAVA_HOME)..." >&2
if ! build_log=$(mvn -B -q -ntp -Dstyle.color=never package -DskipTests 2>&1); then
    echo "$build_log" >&2
    exit 1
fi
exec java -cp target/windmill-iam-sync.jar:target/test-classes dev.iamsync.demo.LocalDemo target/windmill-iam-sync.jar
