# Shared by the benchmark scripts: a scratch directory, messages on stderr,
# and a cleanup that stops only the processes the script itself started.
WORK=$(mktemp -d)
PIDS=()

say() { printf '%s\n' "$*" >&2; }

cleanup() {
  # Only the processes this script started, each by its own pid.
  for pid in "${PIDS[@]}"; do
    if [ "$pid" -gt 1 ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
