#!/bin/sh
# Ends the servers of a process that is gone: `sh watchdog.sh <grace-seconds>`, started by each
# process (each vitest worker thread) that starts servers (server-group.ts), reading from a pipe of
# that process's. Each server runs in a process group of its own, and its starter writes
# "+<group> [folder]" when it starts one (the folder: its bundle) and "-<group>" once that server
# has ended; it ends the pipe once none of its servers runs. When the pipe ends (also because the
# starter has exited, or was killed: a spec worker at Ctrl-C, npm start at a kill -9), every group
# still listed gets SIGTERM, then SIGKILL after the grace, and its folder goes. Interrupted (Ctrl-C,
# SIGTERM, SIGHUP), it sends SIGTERM at once, to those listed and to any it is told of later.
# POSIX sh, not node: one node start costs about 0.05 s of CPU.
grace=$1
entries='' # one "group folder" per line
nl='
'

# SIGTERM to every group listed.
terminate() {
  printf '%s\n' "$entries" | while read -r group _; do
    [ -z "$group" ] || kill -s TERM -- "-$group" 2>/dev/null
  done
}

# The pipe has ended: SIGTERM, the grace, SIGKILL, and the folders go.
end() {
  trap '' INT TERM HUP
  unset IFS # a trap during the `IFS= read` below would keep IFS empty in bash
  [ -n "$entries" ] || exit 0
  terminate
  sleep "$grace"
  printf '%s\n' "$entries" | while read -r group folder; do
    [ -n "$group" ] || continue
    kill -s KILL -- "-$group" 2>/dev/null
    [ -z "$folder" ] || rm -rf -- "$folder"
  done
  exit 0
}

# A signal (Ctrl-C) ends the groups listed at once, but the reading goes on to the pipe's end: the
# starter may still start a server before it is gone (a spec worker finishing its step after the
# Ctrl-C), and that one is ended as it is told of.
signalled='' interrupted=''
trap 'signalled=1 interrupted=1; terminate' INT TERM HUP
echo ready # the starter starts its servers only now (server-group.ts)

while :; do
  if ! IFS= read -r line; then
    # dash's read returns 1 both at the end and when a trap cut it short: the trap says which.
    [ -n "$interrupted" ] || break
    interrupted=''
    continue
  fi
  case $line in
    +*)
      entries="$entries$nl${line#+}"
      group=${line#+} && group=${group%% *}
      [ -z "$signalled" ] || kill -s TERM -- "-$group" 2>/dev/null
      ;;
    -*)
      group=${line#-} kept=''
      while IFS= read -r entry; do
        case $entry in
          "$group" | "$group "*) ;;
          ?*) kept="$kept$nl$entry" ;;
        esac
      done <<LIST
$entries
LIST
      entries=$kept
      ;;
  esac
done
end
