#!/usr/bin/env bash
# Stops a stack when the process that started it exits, even if that process
# crashed or was killed: test runs never leave servers behind.
#   watchdog.sh OWNER_PID STACK_SCRIPT   (with the stack's CTT_* environment)
# With CTT_REMOVE_DATA_ON_EXIT=1 (throwaway test stacks) it also deletes
# CTT_DATA_DIR afterwards.
owner="$1"; stack="$2"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
WATCHDOG_SELF=$$ "$stack" down
if [ "${CTT_REMOVE_DATA_ON_EXIT:-0}" = 1 ] && [ -n "${CTT_DATA_DIR:-}" ]; then
  rm -rf -- "$CTT_DATA_DIR"
fi
