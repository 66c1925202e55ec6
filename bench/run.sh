#!/usr/bin/env bash
# One-command benchmark: direct Mosquitto TLS vs HAProxy TLS termination vs ace-mqtt-proxy, interleaved.
#   bench/run.sh            full run (≈9 min, ≤ 10), writes bench/results/latest.md + latest.json (+ jmh.txt)
#   bench/run.sh smoke      ≈1 min harness check (CI), writes bench/target/smoke/latest.md
#   bench/run.sh expiry     1,000 connections whose tokens expire at once: exp → DISCONNECT delay (results/expiry.txt)
#   bench/run.sh memory     idle authenticated connections on ace only, with the proxy's class histogram
#   bench/run.sh syscalls   Mosquitto system calls per message (strace -c) on the three paths: results/syscalls.txt
#   bench/run.sh upstream-tls  direct vs ace vs ace with a TLS upstream leg (not an issue path): results/upstream-tls.md
#   bench/run.sh profile    JFR + per-thread CPU of the proxy (QoS 0 64 B/4 KiB, fan-out, connects): results/profile-*.txt
#   bench/run.sh jmh        only the JMH micro-benchmarks (-prof gc), writes bench/results/jmh.txt
# ACE_BENCH_ARGS adds Driver options, e.g. "--reps 5 --tput-seconds 5 --warmup-max-seconds 60".
# Everything binds to 127.0.0.1 on free ports; processes are started fresh and stopped at the end.
set -euo pipefail
MODE="${1:-full}"
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
if [ -z "${ACE_BENCH_TIMED:-}" ]; then
  LIMIT=600; [ "$MODE" = smoke ] && LIMIT=180
  ACE_BENCH_TIMED=1 exec timeout --kill-after=10 "$LIMIT" "$0" "$@"
fi

need() { command -v "$1" >/dev/null 2>&1; }
missing=()
need mosquitto || missing+=(mosquitto)
need haproxy || missing+=(haproxy)
need openssl || missing+=(openssl)
[ "$MODE" = syscalls ] && { need strace || missing+=(strace); }
if [ ${#missing[@]} -gt 0 ]; then
  echo "[bench] installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y "${missing[@]}" >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y "${missing[@]}" >/dev/null; }
fi

# ACE_BENCH_PROXY_JAR: a proxy jar built elsewhere (the smoke IT passes the one `mvn verify` just packaged).
JAR="${ACE_BENCH_PROXY_JAR:-$ROOT/target/ace-mqtt-proxy.jar}"
if [ -z "${ACE_BENCH_PROXY_JAR:-}" ] && { [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; }; then
  echo "[bench] building the proxy" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi
echo "[bench] building the bench module" >&2
(cd "$BENCH" && mvn -B -q -DskipTests -Dproxy.jar="$JAR" package)
CP="$BENCH/target/classes:$BENCH/target/lib/*:$JAR"

run_jmh() {
  echo "[bench] JMH (-prof gc)" >&2
  java -cp "$CP" org.openjdk.jmh.Main 'org.acemqtt.bench.jmh.*' -f 1 -wi 3 -w 1s -i 5 -r 1s -t 1 -prof gc \
    -rf json -rff "$BENCH/target/jmh.json" 2>&1 | tee "$BENCH/target/jmh-full.txt" \
    | sed -n '/^Benchmark/,$p' > "$BENCH/results/jmh.txt"
  cat "$BENCH/results/jmh.txt"
}
if [ "$MODE" = jmh ]; then mkdir -p "$BENCH/results"; run_jmh; exit 0; fi

WORK="$BENCH/target/run-$MODE"
rm -rf "$WORK"; mkdir -p "$WORK/certs"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/certs/server.key" -out "$WORK/certs/server.crt" 2>/dev/null
cat "$WORK/certs/server.crt" "$WORK/certs/server.key" > "$WORK/certs/server.pem"
chmod 600 "$WORK/certs/server.key" "$WORK/certs/server.pem"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

OUT="$BENCH/results"; [ "$MODE" = smoke ] && OUT="$BENCH/target/smoke"
# ACE_BENCH_PROXY_JVM: extra JVM flags for the proxy (e.g. "-Xms1g -Xmx1g"); profile mode adds JFR.
PROXY_JVM="${ACE_BENCH_PROXY_JVM:-}"
[ "$MODE" = profile ] && PROXY_JVM="$PROXY_JVM -XX:+FlightRecorder"
EXTRA=(--proxy-jvm "$PROXY_JVM")
[ "$MODE" = memory ] && [ -n "${HEAP_DUMP:-}" ] && EXTRA+=(--heap-dump "$HEAP_DUMP")
java -Xms256m -Xmx4g ${BENCH_JVM:-} -cp "$CP" org.acemqtt.bench.Driver --work "$WORK" --proxy-jar "$JAR" --out "$OUT" \
  --cds-script "$ROOT/src/main/docker/cds-archive.sh" \
  --mode "$MODE" "${EXTRA[@]}" ${ACE_BENCH_ARGS:-}
if [ "$MODE" = full ]; then run_jmh; fi
if [ "$MODE" = profile ]; then cat "$OUT"/profile-*.txt;
elif [ "$MODE" = memory ]; then tail -5 "$OUT/memory/latest.md"; python3 "$BENCH/tools/histogram_diff.py" "$OUT/memory-histogram.txt.0" "$OUT/memory-histogram.txt.1" "${MEMORY_CONNECTIONS:-2000}" 30; elif [ "$MODE" = expiry ]; then cat "$OUT/expiry.txt"; elif [ "$MODE" = syscalls ]; then cat "$OUT/syscalls.txt"; elif [ "$MODE" = upstream-tls ]; then cat "$OUT/upstream-tls.md"; else cat "$OUT/latest.md"; fi
