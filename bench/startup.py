#!/usr/bin/env python3
"""Measures a server restart with stored modules: start to listening, to the first served call.

Usage: python3 bench/startup.py [--modules 30] [--runs 3] [--configuration Debug] [--cold] [--in-process]
                               [--sharing module|publisher] [--spares N]

Starts the built server (dotnet build first) on a loopback port with a scratch data folder,
registers --modules copies of Modules/z.cs (m01, m02, ...) and stops it. Then, --runs times,
starts it again on the same folder and port and measures, from the moment the process is
started: when it prints that it listens, when a client that connects, says hello and calls
the first module's Add (retrying until the port accepts) gets its answer, then the last
module's, and when it logs that
all modules are restored (with how many it compiled). --cold deletes every stored module.dll
before each run, as a store written by another compiler build would be treated: every module
is compiled again. --in-process runs modules inside the server (isolation: inProcess), so the
first call does not wait for a worker process to start. --sharing and --spares set
workerSharing and workerSpares. After the timed calls the
resident memory (RSS) of the server and all its child processes (the workers) is summed
(--call-all first calls every module once).
Prints each run and the median. Standard library only; stops what it starts.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from module_churn import ROOT, Rpc, upload  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--configuration", default="Debug")
    parser.add_argument("--key", default="dev-publisher-key-0001", help="a publish key from conf/server.json")
    parser.add_argument("--cold", action="store_true", help="delete the stored compiled bytes before each run")
    parser.add_argument("--in-process", action="store_true", help="isolation: inProcess (no worker process to start)")
    parser.add_argument("--sharing", choices=["module", "publisher"], help="workerSharing (the conf's default: module)")
    parser.add_argument("--spares", type=int, help="workerSpares (the conf's default: 1)")
    parser.add_argument("--call-all", action="store_true", help="then call every module once and sum the RSS of the server and its workers")
    args = parser.parse_args()

    dll = os.path.join(ROOT, "Server", "bin", args.configuration, "net10.0", "SimpleRpc.Server.dll")
    if not os.path.exists(dll):
        sys.exit(f"{dll} not found: run `dotnet build` first")
    data = tempfile.mkdtemp(prefix="simplerpc-startup-")
    port = free_port()
    names = [f"m{i:02d}" for i in range(1, args.modules + 1)]
    conf = os.path.join(ROOT, "conf", "server.json")
    overrides = {}
    if args.in_process:
        overrides["isolation"] = "inProcess"
    if args.sharing:
        overrides["workerSharing"] = args.sharing
    if args.spares is not None:
        overrides["workerSpares"] = args.spares
    if overrides:
        with open(conf, encoding="utf-8") as f:
            settings = json.load(f)
        settings.update(overrides)
        conf = os.path.join(data, "server-bench.json")
        with open(conf, "w", encoding="utf-8") as f:
            json.dump(settings, f)
    try:
        server = Server(dll, data, port, conf)
        server.wait_for("listening on ", 120)
        with connect(port, 60) as sock:
            rpc = Rpc(sock)
            rpc.call("simplerpc/hello", {"name": "startup", "version": 1, "key": args.key})
            source = open(os.path.join(ROOT, "Modules", "z.cs"), "rb").read()
            for name in names:
                upload(rpc, name, source)
        server.stop()
        print(f"{args.modules} modules stored in {data}; {args.configuration} build; "
              f"{'cold (compiled bytes deleted)' if args.cold else 'warm (compiled bytes kept)'}; "
              f"isolation {'inProcess' if args.in_process else 'process'}; overrides {overrides}", flush=True)

        rows = []
        for run in range(1, args.runs + 1):
            if args.cold:
                for name in names:
                    dll_path = os.path.join(data, "modules", name, "module.dll")
                    if os.path.exists(dll_path):
                        os.remove(dll_path)
            server = Server(dll, data, port, conf)
            listening = server.wait_for("listening on ", 120)
            with connect(port, 60) as sock:
                rpc = Rpc(sock)
                rpc.call("simplerpc/hello", {"name": f"startup-{run}", "version": 1, "key": args.key})
                assert rpc.call(f"{names[0]}.Add", [1, 2]) == 3
                first_call = time.monotonic() - server.started
                assert rpc.call(f"{names[-1]}.Add", [1, 2]) == 3
                last_call = time.monotonic() - server.started
                if args.call_all:
                    for name in names:
                        assert rpc.call(f"{name}.Add", [2, 3]) == 5
                all_called = time.monotonic() - server.started
                rss, processes = tree_rss(server.process.pid)
            restored_line = server.wait_for("Restored ", 300, contains=" modules from ")
            restored = server.seen_at(restored_line)
            rows.append((listening, first_call, last_call, restored, all_called, rss / 1024, processes))
            print(f"run {run}: listening {listening * 1000:6.0f} ms, first call served {first_call * 1000:6.0f} ms, "
                  f"last module's call {last_call * 1000:6.0f} ms, "
                  f"all restored {restored * 1000:6.0f} ms ({restored_line.split('(')[-1].rstrip(')')}); "
                  f"every module called by {all_called * 1000:6.0f} ms: {rss / 1024:6.0f} MB RSS in {processes} processes", flush=True)
            server.stop()
        print("median: listening {:.0f} ms, first call served {:.0f} ms, last module's call {:.0f} ms, all restored {:.0f} ms, "
              "every module called {:.0f} ms".format(*(statistics.median(r[i] for r in rows) * 1000 for i in range(5)))
              + ", {:.0f} MB RSS in {} processes".format(statistics.median(r[5] for r in rows), statistics.median(r[6] for r in rows)))
    finally:
        shutil.rmtree(data, ignore_errors=True)


def tree_rss(pid):
    """Kilobytes of resident memory of pid and all its descendants (Linux /proc), and how many processes."""
    total, count, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status", encoding="utf-8") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            count += 1
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="utf-8") as f:
                    todo.extend(int(child) for child in f.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            pass
    return total, count


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, timeout):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=60)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.005)


class Server:
    """The server process; a thread collects its output lines with the time each arrived."""

    def __init__(self, dll, data, port, conf):
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            ["dotnet", dll, "--conf-dir", os.path.join(ROOT, "conf"), "-c", conf, "--port", str(port), "--shell", "--data-dir", data],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self.changed:
                self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))
                self.changed.notify_all()
        with self.changed:
            self.lines.append((time.monotonic() - self.started, None))
            self.changed.notify_all()

    def wait_for(self, text, timeout, contains=""):
        """Seconds from start to the first line holding text (and contains); for 'listening', that; else the line."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for at, line in self.lines:
                    if line is None:
                        sys.exit(f"the server exited before printing '{text}'")
                    if text in line and contains in line:
                        return at if text == "listening on " else line
                if not self.changed.wait(deadline - time.monotonic()):
                    sys.exit(f"no '{text}' from the server within {timeout} s")

    def seen_at(self, wanted):
        with self.changed:
            return next(at for at, line in self.lines if line == wanted)

    def stop(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    main()
