#!/usr/bin/env python3
"""Run one command as a child process; record wall time, peak RSS and exit code.

    measure.py --name NAME --record FILE.jsonl --stdout OUT --stderr LOG -- CMD ARGS...

Wall clock is taken with time.perf_counter() immediately around spawn and
reap, so it covers everything the tool does (interpreter start, imports,
reading the JSONL, writing groups). Peak RSS is the child's ru_maxrss from
os.wait4 (kilobytes on Linux). Always exits 0 so one failing tool does not
stop the comparison; the exit status is recorded for the report.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--record", required=True, help="JSON-lines file to append the result to")
    p.add_argument("--stdout", required=True)
    p.add_argument("--stderr", required=True)
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    a = p.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        p.error("no command given")

    # Linux keeps the pre-exec image's high-water mark in ru_maxrss, and a
    # child forked from this Python process starts at ~15 MB. GNU time is a
    # small C program, so spawning through it gives a ~2 MB floor instead.
    gnu_time = shutil.which("time", path="/usr/bin:/bin")
    rss_file = a.stderr + ".rss"
    spawn = [gnu_time, "-f", "%M", "-o", rss_file, *cmd] if gnu_time else cmd

    with open(a.stdout, "wb") as out, open(a.stderr, "wb") as err:
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(spawn, stdout=out, stderr=err)
        except OSError as e:
            err.write(f"measure.py: cannot start {cmd[0]}: {e}\n".encode())
            proc = None
        if proc is not None:
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = rc = os.waitstatus_to_exitcode(status)  # reaped here
        wall = time.perf_counter() - t0
    if proc is None:
        rc, max_rss_kb, user_s, sys_s = 127, 0, 0.0, 0.0
    else:
        max_rss_kb, user_s, sys_s = usage.ru_maxrss, usage.ru_utime, usage.ru_stime
        if gnu_time:
            try:
                with open(rss_file, encoding="utf-8") as f:
                    # GNU time may prepend "Command exited with non-zero status N".
                    max_rss_kb = int(f.read().split()[-1])
            except (OSError, ValueError, IndexError):
                pass
            else:
                os.unlink(rss_file)

    rec = {
        "name": a.name,
        "cmd": cmd,
        "wall_s": wall,
        "user_s": user_s,
        "sys_s": sys_s,
        "max_rss_kb": max_rss_kb,
        "rc": rc,
        "stdout": a.stdout,
        "stderr": a.stderr,
    }
    with open(a.record, "a", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    status_txt = "ok" if rc == 0 else f"FAILED rc={rc} (see {a.stderr})"
    print(
        f"  {a.name}: {wall:.2f} s wall, {user_s + sys_s:.2f} s cpu, "
        f"peak RSS {max_rss_kb / 1024:.0f} MB, {status_txt}",
        flush=True,
    )


if __name__ == "__main__":
    main()
