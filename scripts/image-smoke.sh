#!/usr/bin/env bash
# Smoke-tests the real Docker image with docker or podman, whichever works here.
#
#   scripts/image-smoke.sh
#   NODE_IMAGE=node:24-bookworm-slim@sha256:<digest> scripts/image-smoke.sh
#   SMOKE_ENGINE=podman SMOKE_BUILD_ARGS="--network host" scripts/image-smoke.sh
#
# Builds the image, then runs it the way docker-compose.yml does (read-only
# root, /tmp on tmpfs, /data on a fresh named volume, all capabilities
# dropped, no network: with no chat tokens and CONSOLE=off the bot runs only
# its ops server) and checks:
#   1. the image: USER node, its HEALTHCHECK kept (podman: --format docker),
#      STOPSIGNAL SIGTERM, CONSOLE=off and HEALTH_SERVER not off;
#   2. start: /healthz answers 200 {"status":"ok"} (the store check included)
#      and the image's own HEALTHCHECK command passes;
#   3. /metrics answers 200 with the bot's and Node's metrics;
#   4. the process runs as uid 1000 (`id -u`, and PID 1's uids);
#   5. the root file system is read-only, /tmp and /data are writable, the
#      SQLite file is on the volume, owned by uid 1000, all migrations applied;
#   6. SIGTERM (stop -t 15): exit 0 well within the grace period, a `stopped`
#      log line with clean:true, the WAL checkpointed into the file;
#   7. a new container on the same volume reuses that file: same inode, same
#      schema_migrations rows (applied_at unchanged: nothing ran from scratch),
#      healthy again, and it stops cleanly too.
# Any failed check exits 1 with a line saying which (and the container's last
# log lines). With neither docker nor podman usable (not installed, or `info`
# fails: no daemon) it prints one line and exits 0 (skipped). Not part of `npm test`:
# CI has no container engine.
#
# Environment:
#   NODE_IMAGE        passed to the build as --build-arg NODE_IMAGE (default: the Dockerfile's)
#   SMOKE_ENGINE      docker or podman (default: the first whose `info` works); when set, never skipped
#   SMOKE_BUILD_ARGS  extra build flags, word-split (e.g. "--network host", "--no-cache")
#   SMOKE_RUN_ARGS    extra run flags, word-split
#   SMOKE_IMAGE       tag to build (default aws-interview-bot:smoke; kept afterwards)
#   SMOKE_START_TIMEOUT  seconds to wait for /healthz (default 60)
#   SMOKE_STOP_TIMEOUT   seconds `stop` waits before SIGKILL (default 15; the bot's budget is 10)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IMAGE=${SMOKE_IMAGE:-aws-interview-bot:smoke}
START_TIMEOUT=${SMOKE_START_TIMEOUT:-60}
STOP_TIMEOUT=${SMOKE_STOP_TIMEOUT:-15}
# The bot's own shutdown budget (src/ops/shutdown.ts SHUTDOWN_GRACE_MS).
SHUTDOWN_BUDGET=10
RUN_ID="awsbot-smoke-$$"
VOLUME="$RUN_ID-data"
CONTAINERS=()
VOLUME_CREATED=0
ENGINE=""
PODMAN=0
BUILD_LOG=""
ERRF=""

say() { printf 'image-smoke: %s\n' "$*"; }
ok() { printf 'image-smoke: ok   %s\n' "$*"; }
fail() {
  printf 'image-smoke: FAIL %s\n' "$*" >&2
  exit 1
}

now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}
secs() { printf '%d.%01d s' $(($1 / 1000)) $((($1 % 1000) / 100)); }

cleanup() {
  local status=$?
  set +e
  if [ "$status" -ne 0 ] && [ -n "$ENGINE" ]; then
    for c in ${CONTAINERS[@]+"${CONTAINERS[@]}"}; do
      printf '\nimage-smoke: last log lines of %s:\n' "$c" >&2
      "$ENGINE" logs --tail 30 "$c" >&2 2>&1
    done
  fi
  for c in ${CONTAINERS[@]+"${CONTAINERS[@]}"}; do "$ENGINE" rm -f "$c" >/dev/null 2>&1; done
  [ "$VOLUME_CREATED" = 1 ] && "$ENGINE" volume rm -f "$VOLUME" >/dev/null 2>&1
  rm -f ${ERRF:+"$ERRF"} ${BUILD_LOG:+"$BUILD_LOG"}
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- engine -------------------------------------------------------------------
usable() { command -v "$1" >/dev/null 2>&1 && "$1" info >/dev/null 2>&1; }
if [ -n "${SMOKE_ENGINE:-}" ]; then
  command -v "$SMOKE_ENGINE" >/dev/null 2>&1 || fail "SMOKE_ENGINE=$SMOKE_ENGINE: not found"
  "$SMOKE_ENGINE" info >/dev/null 2>&1 || fail "SMOKE_ENGINE=$SMOKE_ENGINE: '$SMOKE_ENGINE info' fails (daemon down, or no permission?)"
  ENGINE=$SMOKE_ENGINE
else
  for e in docker podman; do
    if usable "$e"; then ENGINE=$e && break; fi
  done
  if [ -z "$ENGINE" ]; then
    found=""
    for e in docker podman; do command -v "$e" >/dev/null 2>&1 && found="$found $e"; done
    if [ -n "$found" ]; then
      say "skipped: found${found} but '<engine> info' fails (no daemon or no permission); set SMOKE_ENGINE to make that an error"
    else
      say "skipped: neither docker nor podman is installed"
    fi
    exit 0
  fi
fi
# podman-docker installs a `docker` that is podman.
if [ "$ENGINE" = podman ] || "$ENGINE" --version 2>/dev/null | grep -qi podman; then PODMAN=1; fi
say "engine: $("$ENGINE" --version | head -n 1)"

# ---- build --------------------------------------------------------------------
build=("$ENGINE" build -t "$IMAGE")
# Podman's default OCI image format has no HEALTHCHECK: it would be dropped silently.
[ "$PODMAN" = 1 ] && build+=(--format docker)
[ -n "${NODE_IMAGE:-}" ] && build+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
# shellcheck disable=SC2206 # word-splitting wanted
[ -n "${SMOKE_BUILD_ARGS:-}" ] && build+=(${SMOKE_BUILD_ARGS})
build+=("$ROOT")
say "building: ${build[*]}"
BUILD_LOG=$(mktemp "${TMPDIR:-/tmp}/image-smoke-build.XXXXXX")
t0=$(now_ms)
if ! "${build[@]}" >"$BUILD_LOG" 2>&1; then
  tail -n 40 "$BUILD_LOG" >&2
  rm -f "$BUILD_LOG"
  fail "build: '${build[*]}' failed (last lines above)"
fi
BUILD_MS=$(($(now_ms) - t0))
rm -f "$BUILD_LOG"
SIZE=$("$ENGINE" image inspect -f '{{.Size}}' "$IMAGE")
ok "build: $IMAGE in $(secs "$BUILD_MS"), $((SIZE / 1000000)) MB"

# ---- 1. image configuration ------------------------------------------------------
user=$("$ENGINE" image inspect -f '{{.Config.User}}' "$IMAGE")
[ "$user" = node ] || fail "image: USER is '$user', expected node"
hc=$("$ENGINE" image inspect -f '{{if .Config.Healthcheck}}{{json .Config.Healthcheck.Test}}{{end}}' "$IMAGE")
case "$hc" in
  '' | null | '[]' | '["NONE"]') fail "image: no HEALTHCHECK in the image (podman: build with --format docker)" ;;
esac
sig=$("$ENGINE" image inspect -f '{{.Config.StopSignal}}' "$IMAGE")
[ "$sig" = SIGTERM ] || fail "image: STOPSIGNAL is '$sig', expected SIGTERM"
env=$("$ENGINE" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE")
# The mode under test: no chat tokens, CONSOLE=off, HEALTH_SERVER on auto (so the ops server runs).
printf '%s\n' "$env" | grep -qx 'CONSOLE=off' || fail "image: ENV lacks CONSOLE=off"
printf '%s\n' "$env" | grep -qx 'DATABASE_PATH=/data/bot.sqlite' || fail "image: ENV lacks DATABASE_PATH=/data/bot.sqlite"
if printf '%s\n' "$env" | grep -q '^HEALTH_SERVER=off$'; then fail "image: ENV sets HEALTH_SERVER=off (no /healthz for the HEALTHCHECK)"; fi
ok "1. image: USER node, HEALTHCHECK kept, STOPSIGNAL SIGTERM, CONSOLE=off, DATABASE_PATH=/data/bot.sqlite"

# ---- helpers run inside the container ------------------------------------------------
# The ops server listens on OPS_HOST=127.0.0.1 inside the container (the image's
# default), so it is probed from inside, the way the HEALTHCHECK does: opening it
# to the host would need OPS_TOKEN and change what is being tested.
PROBE='const p = process.argv[1];
fetch("http://127.0.0.1:" + (process.env.OPS_PORT || 9090) + p, { headers: process.env.OPS_TOKEN ? { authorization: "Bearer " + process.env.OPS_TOKEN } : {} })
  .then(async (r) => process.stdout.write(r.status + "\n" + (await r.text())), (e) => process.stdout.write("000\n" + e.message));'
# count of schema_migrations rows, then every version@applied_at, read-only.
FINGERPRINT='const Database = require("better-sqlite3");
const db = new Database(process.env.DATABASE_PATH, { readonly: true, fileMustExist: true });
const r = db.prepare("SELECT count(*) AS n, group_concat(m) AS s FROM (SELECT version || char(64) || applied_at AS m FROM schema_migrations ORDER BY version)").get();
process.stdout.write(r.n + " " + r.s);
db.close();'
# The image's own HEALTHCHECK test (["CMD", …] or ["CMD-SHELL", "…"]), run as the engine would.
RUN_HEALTHCHECK='const t = JSON.parse(process.argv[1]);
const [cmd, ...args] = t[0] === "CMD-SHELL" ? ["/bin/sh", "-c", t[1]] : t.slice(1);
const r = require("node:child_process").spawnSync(cmd, args, { stdio: "inherit", timeout: 30000 });
process.exit(r.status === null ? 1 : r.status);'

# Runs the engine; on a host without systemd, podman prints an error for every
# healthcheck timer it cannot create or remove (the check itself is run below
# with `podman healthcheck run`): those lines are dropped, everything else kept.
ERRF=$(mktemp "${TMPDIR:-/tmp}/image-smoke-err.XXXXXX")
engine() {
  local rc=0
  "$ENGINE" "$@" 2>"$ERRF" || rc=$?
  grep -v 'unable to get systemd connection' "$ERRF" >&2 || true
  return "$rc"
}
inside() { "$ENGINE" exec "$1" "${@:2}"; }
probe() { inside "$1" node -e "$PROBE" "$2" 2>&1 || true; }
running() { [ "$("$ENGINE" inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" = true ]; }

start_container() {
  local name=$1
  CONTAINERS+=("$name")
  # As docker-compose.yml runs it, minus the published port (nothing to publish
  # with no Slack HTTP mode) and with no network at all: a smoke run must not reach out.
  # shellcheck disable=SC2206
  local extra=(${SMOKE_RUN_ARGS:-})
  engine run -d --name "$name" \
    --read-only --tmpfs /tmp \
    -v "$VOLUME:/data" \
    --cap-drop ALL --security-opt no-new-privileges \
    --memory 512m --pids-limit 256 \
    --network none \
    ${extra[@]+"${extra[@]}"} \
    "$IMAGE" >/dev/null || fail "run: could not start $name"
}

# Waits for /healthz 200 {"status":"ok"}; prints the milliseconds it took.
wait_healthy() {
  local name=$1 t0=$2 out=""
  local deadline=$((t0 + START_TIMEOUT * 1000))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    running "$name" || fail "start: $name exited (code $("$ENGINE" inspect -f '{{.State.ExitCode}}' "$name")) before answering /healthz"
    out=$(probe "$name" /healthz)
    if [ "${out%%$'\n'*}" = 200 ]; then
      echo $(($(now_ms) - t0))
      return 0
    fi
    sleep 0.3
  done
  fail "start: /healthz did not answer 200 within ${START_TIMEOUT}s (last: $(printf '%s' "$out" | tr '\n' ' '))"
}

check_health() {
  local name=$1 out body
  out=$(probe "$name" /healthz)
  body=${out#*$'\n'}
  [ "${out%%$'\n'*}" = 200 ] || fail "/healthz: HTTP ${out%%$'\n'*}: $body"
  case "$body" in *'"status":"ok"'*) ;; *) fail "/healthz: status is not ok: $body" ;; esac
  case "$body" in *'"store":{"ok":true'*) ;; *) fail "/healthz: no passing store check (database writable?): $body" ;; esac
  inside "$name" node -e "$RUN_HEALTHCHECK" "$hc" >/dev/null 2>&1 || fail "HEALTHCHECK: the image's own HEALTHCHECK command fails in $name"
  if [ "$PODMAN" = 1 ]; then
    "$ENGINE" healthcheck run "$name" >/dev/null 2>&1 || fail "HEALTHCHECK: 'podman healthcheck run $name' reports unhealthy"
  fi
  HEALTH_BODY=$body
}

stop_container() {
  local name=$1 t0 ms code logs
  t0=$(now_ms)
  engine stop -t "$STOP_TIMEOUT" "$name" >/dev/null || fail "stop: '$ENGINE stop $name' failed"
  ms=$(($(now_ms) - t0))
  code=$("$ENGINE" inspect -f '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || fail "stop: $name exited with code $code after SIGTERM (137 = killed after the ${STOP_TIMEOUT}s grace period)"
  [ "$ms" -lt $((SHUTDOWN_BUDGET * 1000 + 2000)) ] || fail "stop: took $(secs "$ms"), over the bot's ${SHUTDOWN_BUDGET}s budget"
  logs=$("$ENGINE" logs "$name" 2>&1)
  local line
  line=$(printf '%s\n' "$logs" | grep '"msg":"stopped"' | tail -n 1) || true
  [ -n "$line" ] || fail "stop: no 'stopped' log line from $name"
  case "$line" in *'"reason":"SIGTERM"'*) ;; *) fail "stop: the 'stopped' line does not name SIGTERM: $line" ;; esac
  case "$line" in *'"clean":true'*) ;; *) fail "stop: shutdown was not clean: $line" ;; esac
  STOP_MS=$ms
  STOP_LINE=$line
}

# ---- first start on an empty volume --------------------------------------------------
"$ENGINE" volume create "$VOLUME" >/dev/null || fail "could not create volume $VOLUME"
VOLUME_CREATED=1
C1="$RUN_ID-1"
t0=$(now_ms)
start_container "$C1"
HEALTHY_MS=$(wait_healthy "$C1" "$t0")
check_health "$C1"
ok "2. /healthz 200 in $(secs "$HEALTHY_MS") from run: $HEALTH_BODY; the image's HEALTHCHECK passes"
"$ENGINE" logs "$C1" 2>&1 | grep '"msg":"starting"' | grep -q '"database":"/data/bot.sqlite"' ||
  fail "start: no 'starting' log line naming /data/bot.sqlite"
"$ENGINE" logs "$C1" 2>&1 | grep -q '"msg":"health and metrics endpoint listening"' ||
  fail "start: no 'health and metrics endpoint listening' log line"

# ---- 3. /metrics -----------------------------------------------------------------------
out=$(probe "$C1" /metrics)
[ "${out%%$'\n'*}" = 200 ] || fail "/metrics: HTTP ${out%%$'\n'*}"
metrics=${out#*$'\n'}
for m in awsbot_commands_total awsbot_scheduler_ticks_total process_resident_memory_bytes nodejs_version_info; do
  printf '%s\n' "$metrics" | grep -q "^# TYPE $m " || fail "/metrics: no $m"
done
node_version=$(printf '%s\n' "$metrics" | sed -n 's/^nodejs_version_info{version="\([^"]*\)".*/\1/p' | head -n 1)
ok "3. /metrics 200, $(printf '%s\n' "$metrics" | grep -c '^# TYPE ') metric families (Node $node_version)"

# ---- 4. uid ---------------------------------------------------------------------------------
uid=$(inside "$C1" id -u)
[ "$uid" = 1000 ] || fail "uid: 'id -u' in the container says $uid, expected 1000"
pid1=$(inside "$C1" sh -c 'grep "^Uid:" /proc/1/status' | tr -s ' \t' ' ')
[ "$pid1" = "Uid: 1000 1000 1000 1000" ] || fail "uid: PID 1 has '$pid1', expected 1000 throughout"
[ "$(inside "$C1" sh -c 'tr "\0" " " </proc/1/cmdline')" = "node dist/main.js " ] || fail "PID 1 is not 'node dist/main.js'"
ok "4. runs as uid 1000 (id -u; PID 1 'node dist/main.js' real/effective/saved/fs uid 1000)"

# ---- 5. read-only root, data on /data ---------------------------------------------------
[ "$("$ENGINE" inspect -f '{{.HostConfig.ReadonlyRootfs}}' "$C1")" = true ] || fail "read-only: the container's root is not read-only"
for p in /app/smoke-probe /data-probe /home/node/smoke-probe; do
  if inside "$C1" sh -c "touch $p" >/dev/null 2>&1; then fail "read-only: could write $p"; fi
done
inside "$C1" sh -c 'touch /tmp/smoke-probe && rm /tmp/smoke-probe' || fail "read-only: /tmp (tmpfs) is not writable"
inside "$C1" sh -c 'touch /data/smoke-probe && rm /data/smoke-probe' || fail "/data is not writable by the bot"
# shellcheck disable=SC2016 # expanded inside the container
db_owner=$(inside "$C1" sh -c 'test -s "$DATABASE_PATH" && stat -c %u "$DATABASE_PATH"') || fail "/data: no database file at DATABASE_PATH"
[ "$db_owner" = 1000 ] || fail "/data: the database file belongs to uid $db_owner"
# shellcheck disable=SC2016
[ "$(inside "$C1" sh -c 'echo "$DATABASE_PATH"')" = /data/bot.sqlite ] || fail "DATABASE_PATH is not /data/bot.sqlite"
inode1=$(inside "$C1" stat -c %i /data/bot.sqlite)
fp1=$(inside "$C1" node -e "$FINGERPRINT") || fail "/data: cannot read schema_migrations from the database"
migrations=$(inside "$C1" sh -c 'ls /app/db/migrations/*.sql | wc -l')
[ "${fp1%% *}" = "$migrations" ] || fail "/data: ${fp1%% *} migrations recorded, the image has $migrations"
ok "5. root read-only (/, /app, /home/node refused), /tmp and /data writable; /data/bot.sqlite owned by 1000, $migrations migrations applied"

# ---- 6. SIGTERM ---------------------------------------------------------------------------------
stop_container "$C1"
ok "6. SIGTERM: exit 0 in $(secs "$STOP_MS") (grace ${STOP_TIMEOUT}s, budget ${SHUTDOWN_BUDGET}s): $STOP_LINE"
# With the bot gone, a throwaway container looks at the volume: the WAL was checkpointed into the file.
wal=$(engine run --rm --network none --read-only -v "$VOLUME:/data" --entrypoint sh "$IMAGE" \
  -c 'ls /data; if [ -s /data/bot.sqlite-wal ]; then echo WAL-LEFT; fi') || fail "could not inspect the volume"
case "$wal" in *bot.sqlite*) ;; *) fail "after stop: /data/bot.sqlite is gone from the volume" ;; esac
case "$wal" in *WAL-LEFT*) fail "after stop: a non-empty bot.sqlite-wal was left behind (no final checkpoint)" ;; esac
ok "6. after stop: the volume holds $(printf '%s' "$wal" | tr '\n' ' ' | sed 's/ $//'); no WAL left (checkpointed on close)"

# ---- 7. restart on the same volume ------------------------------------------------------------
C2="$RUN_ID-2"
t0=$(now_ms)
start_container "$C2"
RESTART_MS=$(wait_healthy "$C2" "$t0")
check_health "$C2"
inode2=$(inside "$C2" stat -c %i /data/bot.sqlite)
fp2=$(inside "$C2" node -e "$FINGERPRINT") || fail "restart: cannot read schema_migrations"
[ "$inode2" = "$inode1" ] || fail "restart: /data/bot.sqlite is a new file (inode $inode1 -> $inode2)"
[ "$fp2" = "$fp1" ] || fail "restart: schema_migrations changed (migrations ran again?): '$fp1' -> '$fp2'"
first=${fp1#* }
first=${first%%,*}
ok "7. restart: healthy in $(secs "$RESTART_MS"), same /data/bot.sqlite (inode $inode1), the ${fp1%% *} schema_migrations rows unchanged (migration ${first%%@*} still applied at ${first#*@})"
stop_container "$C2"
ok "7. restart: stopped cleanly again in $(secs "$STOP_MS")"

say "passed: build $(secs "$BUILD_MS"), image $((SIZE / 1000000)) MB, healthy $(secs "$HEALTHY_MS") after run, stop $(secs "$STOP_MS"), restart healthy $(secs "$RESTART_MS")"
