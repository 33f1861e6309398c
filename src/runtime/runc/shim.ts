// The per-container shim: a detached `sh` that runs `runc run` in the foreground (runc is the container's
// subreaper and exits with its exit code), writes that code to a file, and records OOM events from
// `runc events`. It holds the stdout/stderr (and stdin) FIFOs open for reading and writing, so the
// container never gets SIGPIPE while the kubelet is away; the kubelet reads them and writes the CRI log.
// It outlives the process that started it: a restarted runtime adopts it from the files it leaves.
import { spawner } from "../spawner/spawner.js";

export const SHIM_SCRIPT = `
R="$1"; B="$2"; ID="$3"; STDIN="$4"; OOM="$5"; TTY="$6"
for f in stdout stderr; do [ -p "$B/$f.fifo" ] || exit 1; done
[ "$STDIN" != 1 ] || [ -p "$B/stdin.fifo" ] || exit 1
exec 3<>"$B/stdout.fifo" 4<>"$B/stderr.fifo"
if [ "$STDIN" = 1 ]; then exec 5<>"$B/stdin.fifo"; IN="$B/stdin.fifo"; else IN=/dev/null; fi
echo ready
read go
exec >/dev/null 2>&1 </dev/null
if [ "$TTY" = 1 ]; then
  # runc gives the container a terminal only when its own stdin is one: script provides it.
  script --quiet --return --flush --command "exec runc --root '$R' --log '$B/runc.log' --log-format json run --bundle '$B/bundle' '$ID'" /dev/null <"$IN" >"$B/stdout.fifo" 2>"$B/stderr.fifo" 3>&- 4>&- 5>&- &
else
  runc --root "$R" --log "$B/runc.log" --log-format json run --bundle "$B/bundle" "$ID" <"$IN" >"$B/stdout.fifo" 2>"$B/stderr.fifo" 3>&- 4>&- 5>&- &
fi
p=$!
e=
if [ "$OOM" = 1 ]; then
  n=0
  while [ ! -e "$R/$ID/state.json" ] && [ $n -lt 500 ] && kill -0 $p 2>/dev/null; do sleep 0.01; n=$((n+1)); done
  runc --root "$R" events "$ID" >"$B/events" 2>/dev/null </dev/null 3>&- 4>&- 5>&- &
  e=$!
fi
wait $p
code=$?
date +%s%N >"$B/finished"
echo $code >"$B/exit.tmp" && mv "$B/exit.tmp" "$B/exit"
if [ -n "$e" ]; then kill $e 2>/dev/null; wait $e 2>/dev/null; fi
`;

/**
 * Starts the shim for a container and resolves with its pid once it holds the FIFOs (the caller made them;
 * the shim refuses to start without them, where opening would make plain files), then waits: beforeRun is
 * called then (to open their read ends) and only then is runc started. watchOOM: record runc's OOM events (only
 * worth a process when the container has a memory limit).
 */
export function startShim(
  runcRoot: string,
  dir: string,
  id: string,
  stdin: boolean,
  watchOOM: boolean,
  tty = false,
  beforeRun: () => void = () => undefined,
): Promise<number> {
  const flag = (b: boolean) => (b ? "1" : "0");
  return spawner().handshake(
    "/bin/sh",
    ["-c", SHIM_SCRIPT, "k8ts-shim", runcRoot, dir, id, flag(stdin), flag(watchOOM), flag(tty)],
    beforeRun,
  );
}
