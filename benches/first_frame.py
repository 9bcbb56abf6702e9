#!/usr/bin/env python3
"""Time to first frame and peak memory of the real TUI over a demo register.

Usage: python3 benches/first_frame.py target/release/sportello DB [RUNS]
Spawns `sportello --db DB --lang it` in a 100x30 pseudo-terminal, times from spawn until
the screen shows the register's header and a count (first frame with rows), types "moh"
and waits for the 'persone' count to change, then reads VmHWM (peak resident memory) of
the process from /proc before quitting with Ctrl+Q.
"""
import os, pty, select, statistics, sys, time

def run(binary, db):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, "--db", db, "--lang", "it"])
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    start = time.perf_counter()
    buf = b""
    def read_until(pred, timeout=20):
        nonlocal buf
        end = time.time() + timeout
        while time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    return False
                if pred(buf):
                    return True
        return False
    ok = read_until(lambda b: b"Codice fiscale" in b and b"persone" in b)
    first = time.perf_counter() - start
    buf = b""
    os.write(fd, b"moh")
    read_until(lambda b: b"persone" in b and b"moh" in b)
    hwm = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    os.write(fd, b"\x11")
    os.waitpid(pid, 0)
    return ok, first, hwm

binary, db = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
firsts, hwms = [], []
for _ in range(runs):
    ok, first, hwm = run(binary, db)
    if not ok:
        sys.exit("the register never showed")
    firsts.append(first * 1000)
    hwms.append(hwm)
firsts.sort()
print(f"runs: {runs}")
print(f"time to first frame with rows: p50 {statistics.median(firsts):.1f} ms, max {firsts[-1]:.1f} ms")
print(f"peak memory (VmHWM) after a search: max {max(hwms):.1f} MiB")
