#!/usr/bin/env bash
# Writes a static AppCDS archive of the classes ace-mqtt-proxy loads while it starts, for `java
# -XX:SharedArchiveFile=ARCHIVE -jar JAR ...` (issue 7: start-up to ready ~1.4 s cold, ~0.8 s with the archive, measured
# by bench/run.sh). The training run is `demo --check-only`: it starts and stops the proxy (without Mosquitto
# installed its self-check is skipped, so start-up is all it exercises). The Dockerfile runs this at image build.
#
#   cds-archive.sh JAR ARCHIVE [JAVA]
set -euo pipefail
JAR="$1"
ARCHIVE="$2"
JAVA="${3:-java}"
LIST="$(mktemp)"
trap 'rm -f "$LIST" "$LIST.dump"' EXIT

"$JAVA" -XX:DumpLoadedClassList="$LIST" -jar "$JAR" demo --check-only >/dev/null
# JDK 17.0.15 crashes dumping lambda-proxy entries (SystemDictionaryShared::adjust_lambda_proxy_class_dictionary);
# without them the dump works and the classes themselves are archived.
grep -v '^@lambda-proxy' "$LIST" > "$LIST.dump"
"$JAVA" -Xshare:dump -XX:SharedClassListFile="$LIST.dump" -XX:SharedArchiveFile="$ARCHIVE" -jar "$JAR" >/dev/null 2>&1

# The archive must be one this JVM maps: with -Xshare:on it refuses to start otherwise.
if ! out="$("$JAVA" -Xshare:on -XX:SharedArchiveFile="$ARCHIVE" -jar "$JAR" help 2>&1)"; then
  echo "cds-archive.sh: the JVM does not accept $ARCHIVE:" >&2
  echo "$out" >&2
  exit 1
fi
echo "cds-archive.sh: wrote $ARCHIVE ($(wc -c < "$ARCHIVE") bytes)"
