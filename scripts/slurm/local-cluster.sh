#!/usr/bin/env bash
# A real single-node Slurm cluster on localhost (slurmctld, slurmd and munge from Debian's
# packages, installed by `make setup`), for the end-to-end test of `gradpath slurm`.
#
#   scripts/slurm/local-cluster.sh up      start munged, slurmctld and slurmd; wait until the node is idle
#   scripts/slurm/local-cluster.sh down    cancel every job, stop the three daemons, remove the state
#   scripts/slurm/local-cluster.sh env     print the line that points Slurm's commands at the cluster
#
# Everything (configuration, munge key and socket, spool, logs) lives in one state folder,
# GRADPATH_SLURM_STATE (default: .build-slurm in the repository); no system file is touched. The
# configuration is scripts/slurm/slurm.conf.in with this machine's host name, cores and memory.
# Ports: GRADPATH_SLURM_PORT (slurmctld, default 16817) and the next one (slurmd).
# Commands then need SLURM_CONF=<state>/slurm.conf (`eval "$(scripts/slurm/local-cluster.sh env)"`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${GRADPATH_SLURM_STATE:-$repo/.build-slurm}"
port="${GRADPATH_SLURM_PORT:-16817}"
conf="$state/slurm.conf"

die() { echo "local-cluster: $*" >&2; exit 1; }

stop_pid() { # pid file
  [ -f "$1" ] || return 0
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

down() {
  if [ -f "$conf" ] && [ -f "$state/slurmctld.pid" ]; then
    SLURM_CONF="$conf" timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
  fi
  stop_pid "$state/slurmd.pid"
  stop_pid "$state/slurmctld.pid"
  stop_pid "$state/munge/munged.pid"
  # Job steps left by a killed slurmd (slurmstepd) belong to this state folder only.
  pkill -f "slurmstepd.*$state" 2>/dev/null || true
  rm -rf "$state"
}

up() {
  for c in munged mungekey slurmctld slurmd sbatch sinfo scontrol; do
    command -v "$c" >/dev/null || die "$c not found: run make setup (it installs munge, slurmctld, slurmd and slurm-client)"
  done
  # The daemons must not hold the caller's stdout or stderr open (a caller reading them to the end
  # would wait forever): every one is started with its output in the state folder.
  down
  mkdir -p "$state/munge" "$state/ctld" "$state/slurmd"
  chmod 700 "$state/munge"
  mungekey --create --keyfile="$state/munge/munge.key" --force >/dev/null
  chmod 600 "$state/munge/munge.key"
  # --force: the state folder may sit below a world-writable one (/tmp), which munged would refuse.
  munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/munge/munged.log" \
    --seed-file="$state/munge/munged.seed" </dev/null >/dev/null 2>"$state/munge/start.err" \
    || die "munged did not start: $(cat "$state/munge/start.err")"
  local host cpus memory
  host="$(hostname -s)"
  cpus="$(nproc)"
  memory="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
  sed -e "s|@HOST@|$host|g" -e "s|@STATE@|$state|g" -e "s|@CTLD_PORT@|$port|g" \
    -e "s|@SLURMD_PORT@|$((port + 1))|g" -e "s|@USER@|$(id -un)|g" -e "s|@CPUS@|$cpus|g" \
    -e "s|@MEMORY@|$memory|g" "$here/slurm.conf.in" >"$conf"
  slurmctld -f "$conf" -i </dev/null >/dev/null 2>"$state/slurmctld.err" || die "slurmctld did not start: $(cat "$state/slurmctld.err")"
  slurmd -f "$conf" </dev/null >/dev/null 2>"$state/slurmd.err" || die "slurmd did not start: $(cat "$state/slurmd.err")"
  # The node registers within a few seconds.
  for _ in $(seq 120); do
    if SLURM_CONF="$conf" sinfo -h -N -o "%T" 2>/dev/null | grep -qx "idle"; then
      echo "local-cluster: up ($host, $cpus CPUs, partition local); export SLURM_CONF=$conf"
      return 0
    fi
    sleep 0.5
  done
  echo "local-cluster: the node did not become idle in 60 s; slurmctld log:" >&2
  tail -n 20 "$state/slurmctld.log" >&2 || true
  tail -n 20 "$state/slurmd.log" >&2 || true
  down
  exit 1
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export SLURM_CONF=$conf" ;;
  *) die "usage: scripts/slurm/local-cluster.sh up|down|env" ;;
esac
