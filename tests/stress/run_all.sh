#!/usr/bin/env bash
# Every stress script with its defaults, one after the other; their summary lines at the end.
# See README.md here.
set -u -o pipefail
cd "$(dirname "$0")/../.."
status=0
summaries=()
run() {
  echo "== $*"
  local log
  log=$(mktemp)
  "$@" 2>&1 | tee "$log" || status=1
  summaries+=("$(tail -n 1 "$log")")
  rm -f "$log"
}
run uv run --with atheris python tests/stress/fuzz_parse.py -max_total_time=180
run uv run python tests/stress/hostile_files.py
run uv run python tests/stress/crash_import.py
run uv run python tests/stress/concurrent_sessions.py
run uv run python tests/stress/terminals.py
if [ "$(id -u)" = 0 ]; then
  run uv run python tests/stress/shared_library.py
else
  run sudo "$(command -v uv)" run python tests/stress/shared_library.py
fi
echo
echo "== summary"
printf '%s\n' "${summaries[@]}"
exit $status
