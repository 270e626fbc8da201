#!/usr/bin/python3
"""Ondeck kernel benchmark (not a unit test): prints numbers, and checks targets only with --strict.

1. Cold start: kernel process launch to the first kernel_info reply (target < 3 s), and to the first
   execute reply (JShell warm).
2. Warm round trips: median kernel_info (target < 5 ms) and trivial execute (target < 20 ms), reply received.
3. 1000 executes in a row (expression cells): median reply time of the last 100 within 1.5x of the first 100; retained heap
   (live bytes after a full GC, from jcmd GC.class_histogram) grows by less than 50 KB per execute. Then 200
   variable declarations, reported for information: JShell imports every live declaration into each later
   snippet's wrapper, so their cost grows with the session.

Usage: kernel_bench.py [--kernel NAME] [--executes N] [--strict]; the kernelspec must be on JUPYTER_PATH
(e.g. `bin/ondeck kernel install --prefix P`, then JUPYTER_PATH=P/share/jupyter).
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import zmq
from jupyter_client.manager import KernelManager


class RawClient:
    """Blocking DEALER/SUB sockets signed by jupyter_client's Session: no polling loops in the timing path."""

    def __init__(self, km):
        info = km.get_connection_info()
        self.session = km.session
        self.ctx = zmq.Context()
        ident = self.session.bsession
        self.shell = self._connect(zmq.DEALER, info, "shell_port", ident)
        self.iopub = self._connect(zmq.SUB, info, "iopub_port", None)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")

    def _connect(self, kind, info, port, ident):
        s = self.ctx.socket(kind)
        if ident:
            s.setsockopt(zmq.IDENTITY, ident)
        s.setsockopt(zmq.LINGER, 0)
        s.connect("tcp://%s:%d" % (info["ip"], info[port]))
        return s

    def request(self, msg_type, content, timeout_ms=30000):
        """Sends a request and returns (round trip ms, reply); iopub traffic is drained afterwards."""
        t0 = time.perf_counter()
        sent = self.session.send(self.shell, msg_type, content)
        while True:
            if not self.shell.poll(timeout_ms):
                raise TimeoutError(msg_type)
            _, reply = self.session.recv(self.shell, mode=0)
            if reply["parent_header"].get("msg_id") == sent["header"]["msg_id"]:
                ms = (time.perf_counter() - t0) * 1000
                self.drain(sent["header"]["msg_id"])
                return ms, reply

    def drain(self, msg_id):
        while self.iopub.poll(5000):
            _, m = self.session.recv(self.iopub, mode=0)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                return

    def execute(self, code):
        return self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False,
                                                "stop_on_error": True})

    def kernel_info(self):
        return self.request("kernel_info_request", {})


def retained_heap_kb(pid):
    """Live heap after a full GC: the total of jcmd's class histogram (which collects first), in KB."""
    jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")
    out = subprocess.run([jcmd, str(pid), "GC.class_histogram"], capture_output=True, text=True, check=True).stdout
    total = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
    return int(total.group(1)) // 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default=os.environ.get("ONDECK_KERNEL_NAME", "ondeck-java"))
    ap.add_argument("--executes", type=int, default=1000)
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args()

    km = KernelManager(kernel_name=args.kernel)
    t0 = time.perf_counter()
    km.start_kernel()
    c = RawClient(km)
    time.sleep(0.05)  # let the SUB socket connect before the first request
    while True:
        sent = c.session.send(c.shell, "kernel_info_request", {})
        if c.shell.poll(100):
            _, reply = c.session.recv(c.shell, mode=0)
            if reply["msg_type"] == "kernel_info_reply":
                break
    cold = time.perf_counter() - t0
    first_exec, _ = c.execute("1 + 1")
    cold_exec = time.perf_counter() - t0
    pid = km.provisioner.process.pid

    for _ in range(50):
        c.kernel_info()
        c.execute("1 + 1")
    info = statistics.median(c.kernel_info()[0] for _ in range(200))
    exe = statistics.median(c.execute("1 + 1")[0] for _ in range(200))

    heap0 = retained_heap_kb(pid)
    times = []
    for i in range(args.executes):
        ms, reply = c.execute("%d * 2" % i)
        times.append(ms)
        if reply["content"]["status"] != "ok":
            print("execute %d failed: %s" % (i, reply["content"]), file=sys.stderr)
    heap1 = retained_heap_kb(pid)
    for i in range(200):
        c.execute("int v%d = %d * 2;" % (i, i))
    decl_kb = (retained_heap_kb(pid) - heap1) / 200
    first100 = statistics.median(times[:100])
    last100 = statistics.median(times[-100:])
    per_exec_kb = (heap1 - heap0) / args.executes
    km.shutdown_kernel(now=False)

    checks = [
        ("cold start to first kernel_info reply", "%.2f s" % cold, cold < 3.0, "< 3 s"),
        ("cold start to first execute reply", "%.2f s" % cold_exec, True, "(info)"),
        ("first execute round trip", "%.1f ms" % first_exec, True, "(info)"),
        ("median kernel_info round trip", "%.2f ms" % info, info < 5.0, "< 5 ms"),
        ("median trivial execute round trip", "%.2f ms" % exe, exe < 20.0, "< 20 ms"),
        ("%d executes: median first 100 / last 100" % args.executes, "%.2f / %.2f ms (x%.2f)"
         % (first100, last100, last100 / first100), last100 <= 1.5 * first100, "<= x1.5"),
        ("then 200 declarations: heap per declaration", "%.1f KB" % decl_kb, True, "(info)"),
        ("retained heap growth per execute", "%.1f KB (%d KB -> %d KB)" % (per_exec_kb, heap0, heap1),
         per_exec_kb < 50, "< 50 KB"),
    ]
    ok = True
    for name, value, passed, target in checks:
        ok &= passed
        print("%-45s %-34s %-8s %s" % (name, value, target, "ok" if passed else "MISSED"))
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
