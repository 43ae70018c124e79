#!/usr/bin/env bash
# Installs Vigil's artifacts (./vigil build: mvn install, tests skipped), then builds and runs the
# outside program against them (~/.m2); exits non-zero when a score differs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$root/vigil" build
mvn -B -q -f "$here/pom.xml" package dependency:build-classpath -Dmdep.outputFile="$out/cp.txt"
java -cp "$here/target/classes:$(cat "$out/cp.txt")" example.ScoreSensors "$root/testdata" "$out/results"
