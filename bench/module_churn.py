#!/usr/bin/env python3
"""Registers the same module again and again on a real server and prints what the server holds.

Usage: python3 bench/module_churn.py [--count 200] [--every 20] [--configuration Debug] [--smaps]

Starts the built server (dotnet build first) on an OS-chosen loopback port with a scratch data
folder, says hello as the client 'churn', then uploads Modules/z.cs --count times, calling
z.Add after each version. Every --every registrations it asks the server console for `stats`
(modules, module load contexts alive, loaded assemblies, managed heap, working set) and
prints it. With unloading working, contexts and assemblies stay flat and memory levels off.
With --smaps (Linux) each line also splits the server's resident memory by /proc/PID/smaps
(JIT code, GC heap, malloc, other anonymous, files) and counts its threads, and the end prints
the growth per registration from the first sample after the warm-up to the last; it also gives
the pid and resident MB of the server's compile process (compileIsolation: process), or none.
Standard library only; stops the server it started.
"""
import argparse
import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--configuration", default="Debug")
    parser.add_argument("--key", default="dev-publisher-key-0001", help="a publish key from conf/server.json")
    parser.add_argument("--smaps", action="store_true", help="split resident memory by /proc/PID/smaps (Linux)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE", help="set in the server's environment (repeatable)")
    args = parser.parse_args()

    dll = os.path.join(ROOT, "Server", "bin", args.configuration, "net10.0", "SimpleRpc.Server.dll")
    if not os.path.exists(dll):
        sys.exit(f"{dll} not found: run `dotnet build` first")
    data = tempfile.mkdtemp(prefix="simplerpc-churn-")
    env = dict(os.environ)
    env.update(item.split("=", 1) for item in args.env)
    server = subprocess.Popen(
        ["dotnet", dll, "--conf-dir", os.path.join(ROOT, "conf"), "--port", "0", "--shell", "--data-dir", data, "--log-level", "Warning"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1, env=env)
    try:
        endpoint = read_until(server, "SimpleRpc server listening on ").split()[-1]
        host, port = endpoint.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=60) as sock:
            rpc = Rpc(sock)
            rpc.call("simplerpc/hello", {"name": "churn", "version": 1, "key": args.key})
            source = open(os.path.join(ROOT, "Modules", "z.cs"), "rb").read()
            print(f"pid {server.pid}; registering z ({len(source)} bytes) {args.count} times", flush=True)
            samples = []
            print(f"start: {sample(server, args.smaps, samples, 0)}", flush=True)
            for i in range(1, args.count + 1):
                upload(rpc, "z", source)
                assert rpc.call("z.Add", [i, 1]) == i + 1
                if i % args.every == 0 or i == args.count:
                    print(f"after {i:4d}: {sample(server, args.smaps, samples, i)}", flush=True)
            if args.smaps and len(samples) > 2:
                growth(samples[0], samples[-1])
                growth(samples[1], samples[-1])
    finally:
        server.stdin.write("quit\n")
        server.stdin.flush()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def upload(rpc, name, source):
    sha = hashlib.sha256(source).hexdigest()
    started = rpc.call("simplerpc/upload.begin", {"name": name, "size": len(source), "sha256": sha, "chunkCount": 1})
    rpc.call("simplerpc/upload.chunk", {"uploadId": started["uploadId"], "index": 0,
                                        "data": base64.b64encode(source).decode(), "sha256": sha})
    return rpc.call("simplerpc/upload.commit", {"uploadId": started["uploadId"]})


def sample(server, smaps, samples, count):
    """The server's stats line; with smaps, its resident memory by kind too (kept in samples)."""
    line = stats(server)
    if not smaps:
        return line
    kinds = resident_by_kind(server.pid)
    samples.append((count, kinds))
    return (line + " " + " ".join(f"{k}MB={v / 1024:.1f}" for k, v in kinds.items() if k != "threads") + f" threads={kinds['threads']}"
            + compile_processes(server.pid))


def compile_processes(server_pid):
    """The server's compile processes (compileIsolation: process): pid and resident MB of each, or nothing."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            if ppid != server_pid:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if b"--compile" not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/status", encoding="utf-8") as f:
                rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
            found.append(f"{entry}:{rss / 1024:.1f}")
        except (OSError, StopIteration, IndexError, ValueError):
            continue  # gone meanwhile
    return " compileProcessMB=" + (",".join(found) if found else "none")


def growth(first, last):
    """Prints KB per registration between two samples, by kind."""
    (n0, k0), (n1, k1) = first, last
    per = {k: (k1[k] - k0[k]) / (n1 - n0) for k in k0 if k != "threads"}
    print(f"per registration {n0} -> {n1}: " + " ".join(f"{k}KB={v:.0f}" for k, v in per.items())
          + f" threads {k0['threads']} -> {k1['threads']}", flush=True)


def resident_by_kind(pid):
    """Resident kB of a process by /proc/PID/smaps: JIT code (the runtime's double-mapped memfd), the GC's
    heap (a run of adjacent anonymous mappings of over 1 GiB: its reservation), malloc ([heap] and runs of
    64 MiB on a 64 MiB boundary: glibc's arenas), other anonymous memory (stacks, loader heaps, runtime
    data) and files; 'threads' counts its threads."""
    maps = []
    with open(f"/proc/{pid}/smaps", encoding="utf-8") as f:
        for line in f:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:
                start, end = (int(x, 16) for x in fields[0].split("-"))
                maps.append([start, end, " ".join(fields[5:]), 0])
            elif fields[0] == "Rss:":
                maps[-1][3] = int(fields[1])
    kinds = {"total": 0, "jit": 0, "gc": 0, "malloc": 0, "anon": 0, "files": 0}
    arena = 64 << 20
    anonymous = [m for m in maps if m[2] == ""]
    # glibc's arenas: 64 MiB on a 64 MiB boundary, the used part read-write and the rest reserved.
    arenas = {m[0] for m in anonymous if m[0] % arena == 0
              and sum(n[1] - n[0] for n in anonymous if m[0] <= n[0] < m[0] + arena) == arena}
    run = []
    for m in anonymous + [[0, 0, "", 0]]:
        if m[0] - m[0] % arena in arenas:
            kinds["malloc"] += m[3]
        elif run and run[-1][1] == m[0]:
            run.append(m)
        else:
            if run:
                kinds["gc" if run[-1][1] - run[0][0] > (1 << 30) else "anon"] += sum(n[3] for n in run)
            run = [m]
    for start, end, name, rss in maps:
        if name:
            kinds["jit" if "doublemapper" in name else "malloc" if name == "[heap]" else "anon" if name.startswith("[") else "files"] += rss
    kinds["total"] = sum(m[3] for m in maps)
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        kinds["threads"] = next(int(line.split()[1]) for line in f if line.startswith("Threads:"))
    return kinds


def stats(server):
    server.stdin.write("stats\n")
    server.stdin.flush()
    return read_until(server, "stats: ")[len("stats: "):]


def read_until(process, prefix):
    for line in process.stdout:
        if line.startswith(prefix):
            return line.strip()
    sys.exit(f"the server exited before printing '{prefix}'")


class Rpc:
    def __init__(self, sock):
        self.stream = sock.makefile("rw", encoding="utf-8", newline="\n")
        self.next_id = 0
        self.pending = []

    def call(self, method, params):
        self.send(method, params)
        return self.receive()

    def send(self, method, params):
        """Sends a request without waiting; receive() takes the answers in the order sent."""
        self.next_id += 1
        self.pending.append((self.next_id, method))
        self.stream.write(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}) + "\n")
        self.stream.flush()

    def receive(self):
        wanted, method = self.pending.pop(0)
        while True:
            reply = json.loads(self.stream.readline())
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]


if __name__ == "__main__":
    main()
