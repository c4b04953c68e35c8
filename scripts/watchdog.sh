#!/usr/bin/env bash
# Stops a stack when the process that started it exits, even if that process
# crashed or was killed: test runs never leave servers behind.
#   watchdog.sh OWNER_PID STACK_SCRIPT   (with the stack's CTT_* environment)
owner="$1"; stack="$2"
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
WATCHDOG_SELF=$$ exec "$stack" down
