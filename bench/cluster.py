#!/usr/bin/env python3
"""Cluster figures: calls/s through one node vs three, and publish-to-every-stub time on 3 x N idle stubs.

Usage: python3 bench/cluster.py [--idle 100] [--seconds 2] [--publishes 3] [--configuration Debug]

Starts a redis-server of its own (Debian's package, a free loopback port, a scratch folder, no
persistence) and three server nodes of one cluster (the built Server, `dotnet build` first) with
conf/server.json's keys, then:

1. Calls: three real stubs (the built ClientStub) all on node A, then three stubs one per node;
   each time an app-side load client in this process keeps 2 connections x 16 calls in flight on
   every stub (z.Add with a unique argument, each answer checked) for --seconds after 1 s of
   warm-up, and reports calls/s and the CPU seconds each process used in the window (the load
   client's own included). Nodes B and C stay up, idle, during the one-node phase.
2. Idle cost: the three nodes' CPU over 5 s with nothing to do (Orleans probes, directory
   subscriptions, catalogue reconciliation).
3. Publish: --idle raw protocol clients per node (not stub processes: a real stub is a ~50 MB
   process; these are sockets in this process that say hello and sync as a stub does, and then
   only listen), then --publishes versions of z uploaded through node A; for each, the time from
   the upload's commit to the publisher's answer and to the proxyUpdated notification at every
   idle client, per node (median and last). The first version compiles cold on every node.

Every wait is bounded; everything started is stopped by its own pid (also on an error).
Standard library only.
"""
import argparse
import json
import os
import re
import resource
import selectors
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

KEY = "dev-publisher-key-0001"
TICK = os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--idle", type=int, default=100, help="idle raw clients per node")
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per calls phase")
    parser.add_argument("--publishes", type=int, default=3)
    parser.add_argument("--configuration", default="Debug")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not installed (apt-get install redis-server)")
    work = tempfile.mkdtemp(prefix="simplerpc-bench-cluster-")
    procs = Processes()
    try:
        print(f"load average at start: {load_average()}", flush=True)
        redis_port = free_port()
        procs.start("redis", ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work])
        wait_port(redis_port, 30)
        conf = node_conf(work, redis_port)
        started = time.monotonic()
        nodes = {n: procs.start_dotnet(f"node {n}", "Server", "SimpleRpc.Server.dll", args.configuration,
                                       ["-c", conf, "--port", "0", "--data-dir", os.path.join(work, "node-" + n), "--log-level", "Warning"]) for n in "ABC"}
        endpoints = {n: p.wait_for(r"listening on (\S+)", 180).group(1) for n, p in nodes.items()}
        print(f"3 nodes listening {time.monotonic() - started:.1f} s after their start: {endpoints}", flush=True)

        publisher, _ = raw_client(endpoints["A"], "bench-publisher")
        source = open(os.path.join(ROOT, "Modules", "z.cs"), "rb").read()
        started = time.monotonic()
        upload(publisher, "z", source)
        print(f"z v1 published on node A in {time.monotonic() - started:.1f} s (cold compile)", flush=True)

        calls_phase(procs, nodes, endpoints, ["A", "A", "A"], "one node (3 stubs on A)", args)
        calls_phase(procs, nodes, endpoints, ["A", "B", "C"], "three nodes (a stub on each)", args)
        idle_cost(nodes)
        publish_phase(publisher, nodes, endpoints, source, args)
        print(f"load average at the end: {load_average()}", flush=True)
    finally:
        procs.stop_all()
        shutil.rmtree(work, ignore_errors=True)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        print(f"CPU used by the bench and every process it started: {children.ru_utime + children.ru_stime + own.ru_utime + own.ru_stime:.0f} s", flush=True)


def node_conf(work, redis_port):
    with open(os.path.join(ROOT, "conf", "server.json"), encoding="utf-8") as f:
        conf = json.load(f)
    conf["cluster"] = {"id": "bench-" + str(os.getpid()), "redis": f"127.0.0.1:{redis_port}"}
    conf["idleTimeoutSeconds"] = 3600
    conf["dashboard"] = {"enabled": False}
    path = os.path.join(work, "node.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(conf, f)
    return path


def calls_phase(procs, nodes, endpoints, placement, label, args):
    stubs = []
    for i, node in enumerate(placement):
        name = f"load-{node.lower()}{i}-{len(procs.all)}"
        stub = procs.start_dotnet("stub " + name, "ClientStub", "SimpleRpc.ClientStub.dll", args.configuration,
                                  ["--server", endpoints[node], "--name", name, "--app-port", "0", "--proxy-dir", os.path.join(procs.work(), name), "--log-level", "Warning"])
        stubs.append(stub)
    apps = [s.wait_for(r"apps connect to (\S+);", 120).group(1) for s in stubs]
    load = CallLoad([a for a in apps for _ in range(2)], depth=16)
    load.run(1.0)  # warm-up: workers start, JIT
    watched = [("node " + n, p.pid) for n, p in nodes.items()] + [(s.label, s.pid) for s in stubs]
    before = {label_: tree_cpu(pid) for label_, pid in watched}
    client_before = time.process_time()
    calls, errors, elapsed = load.run(args.seconds)
    client_cpu = time.process_time() - client_before
    used = {label_: tree_cpu(pid) - before[label_] for label_, pid in watched}
    load.close()
    print(f"\n{label}: {calls / elapsed:,.0f} calls/s ({calls:,} in {elapsed:.1f} s, {errors} wrong or failed), 6 connections x 16 in flight", flush=True)
    print("  CPU s in the window: " + ", ".join(f"{k} {v:.2f}" for k, v in used.items()) + f", load client {client_cpu:.2f}", flush=True)
    for stub in stubs:
        procs.stop(stub)


class CallLoad:
    """Keeps `depth` z.Add calls in flight on each connection, from one selector thread."""

    def __init__(self, endpoints, depth):
        self.depth = depth
        self.conns = []
        for ep in endpoints:
            host, port = ep.rsplit(":", 1)
            sock = socket.create_connection((host, int(port)), timeout=30)
            sock.setblocking(False)
            self.conns.append({"sock": sock, "buf": b"", "next": 0, "pending": {}})

    def run(self, seconds):
        sel = selectors.DefaultSelector()
        for c in self.conns:
            sel.register(c["sock"], selectors.EVENT_READ, c)
            self._send(c, self.depth)
        calls = errors = 0
        start = time.monotonic()
        deadline = start + seconds
        while time.monotonic() < deadline:
            for key, _ in sel.select(timeout=0.5):
                c = key.data
                data = c["sock"].recv(1 << 16)
                if not data:
                    raise RuntimeError("a stub closed an app connection")
                lines = (c["buf"] + data).split(b"\n")
                c["buf"] = lines.pop()
                for line in lines:
                    reply = json.loads(line)
                    expected = c["pending"].pop(reply.get("id"), None)
                    calls += 1
                    if expected is None or reply.get("result") != expected:
                        errors += 1
                self._send(c, len(lines))
        elapsed = time.monotonic() - start
        # Drain what is still in flight (bounded), so the next run starts clean.
        drain_until = time.monotonic() + 10
        for c in self.conns:
            c["sock"].setblocking(True)
            c["sock"].settimeout(max(0.1, drain_until - time.monotonic()))
            while c["pending"]:
                try:
                    data = c["sock"].recv(1 << 16)
                except socket.timeout:
                    break
                if not data:
                    break
                lines = (c["buf"] + data).split(b"\n")
                c["buf"] = lines.pop()
                for line in lines:
                    c["pending"].pop(json.loads(line).get("id"), None)
            c["sock"].setblocking(False)
        sel.close()
        return calls, errors, elapsed

    def _send(self, c, count):
        out = []
        for _ in range(count):
            c["next"] += 1
            n = c["next"]
            c["pending"][n] = n + 1000000
            out.append(b'{"jsonrpc":"2.0","id":%d,"method":"z.Add","params":[%d,1000000]}\n' % (n, n))
        if out:
            c["sock"].setblocking(True)
            c["sock"].sendall(b"".join(out))
            c["sock"].setblocking(False)

    def close(self):
        for c in self.conns:
            c["sock"].close()


def idle_cost(nodes):
    before = {n: tree_cpu(p.pid) for n, p in nodes.items()}
    time.sleep(5)  # the measured window itself, not a synchronisation
    used = {n: tree_cpu(p.pid) - before[n] for n, p in nodes.items()}
    print("\nidle: CPU s of each node over 5 s with no calls: " + ", ".join(f"{n} {v:.2f}" for n, v in used.items()), flush=True)


def publish_phase(publisher, nodes, endpoints, source, args):
    idle = IdleClients()
    rss_before = {n: rss_mb(p.pid) for n, p in nodes.items()}
    started = time.monotonic()
    for node, ep in endpoints.items():
        for i in range(args.idle):
            idle.connect(node, ep, f"idle-{node.lower()}-{i:03d}")
    print(f"\n{3 * args.idle} idle clients said hello and synced in {time.monotonic() - started:.1f} s "
          f"({3 * args.idle / (time.monotonic() - started):.0f} hellos/s, each claiming its name in the cluster)", flush=True)
    print("  node resident memory before / after its idle clients (MB): " + ", ".join(f"{n} {rss_before[n]:.0f} / {rss_mb(p.pid):.0f}" for n, p in nodes.items()), flush=True)
    idle.start()
    try:
        for version in range(2, args.publishes + 2):
            body = source + f"\n// bench version {version}\n".encode()
            sent = time.monotonic()
            info = upload(publisher, "z", body)
            answered = time.monotonic() - sent
            arrived = idle.wait_for(info["version"], 3 * args.idle, 120)
            line = f"z v{info['version']}: publisher answered in {answered * 1000:.0f} ms; proxy at the idle clients (ms after commit)"
            for node in endpoints:
                times = sorted((t - sent) * 1000 for (n, _), t in arrived.items() if n == node)
                line += f"; node {node} {len(times)}/{args.idle} median {statistics.median(times):.0f} last {times[-1]:.0f}" if times else f"; node {node} 0/{args.idle}"
            every = max(arrived.values()) - sent if len(arrived) == 3 * args.idle else None
            line += f"; every one of {3 * args.idle}: " + (f"{every * 1000:.0f} ms" if every else "NOT ALL")
            print(line, flush=True)
    finally:
        idle.close()


class IdleClients:
    """Raw protocol clients that say hello and sync like a stub, then note when each proxy arrives."""

    def __init__(self):
        self.sel = selectors.DefaultSelector()
        self.clients = []
        self.arrivals = {}
        self.lock = threading.Condition()
        self.stopping = False
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def connect(self, node, endpoint, name):
        rpc, sock = raw_client(endpoint, name)
        rpc.call("simplerpc/sync", {"have": {}})
        self.clients.append((node, name, rpc, sock))

    def start(self):
        for node, name, rpc, sock in self.clients:
            sock.setblocking(False)
            self.sel.register(sock, selectors.EVENT_READ, {"key": (node, name), "buf": b""})
        self.thread.start()

    def _loop(self):
        while not self.stopping:
            for key, _ in self.sel.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(1 << 16)
                except BlockingIOError:
                    continue
                now = time.monotonic()
                state = key.data
                lines = (state["buf"] + data).split(b"\n")
                state["buf"] = lines.pop()
                for line in lines:
                    message = json.loads(line)
                    if message.get("method") == "simplerpc/proxyUpdated":
                        with self.lock:
                            self.arrivals[(state["key"], message["params"]["version"])] = now
                            self.lock.notify_all()

    def wait_for(self, version, count, timeout):
        deadline = time.monotonic() + timeout
        with self.lock:
            while sum(1 for (_, v) in self.arrivals if v == version) < count and time.monotonic() < deadline:
                self.lock.wait(0.5)
            return {k: t for (k, v), t in self.arrivals.items() if v == version}

    def close(self):
        self.stopping = True
        self.thread.join(5)
        for _, _, _, sock in self.clients:
            sock.close()


def raw_client(endpoint, name):
    host, port = endpoint.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=60)
    rpc = Rpc(sock)
    answer = rpc.call("simplerpc/hello", {"name": name, "version": 1, "key": KEY})
    if answer["name"] != name:
        raise RuntimeError(f"hello as {name} answered as {answer['name']}")
    return rpc, sock


class Processes:
    def __init__(self):
        self.all = []
        self._work = tempfile.mkdtemp(prefix="simplerpc-bench-procs-")

    def work(self):
        return self._work

    def start(self, label, argv):
        p = Child(label, argv)
        self.all.append(p)
        return p

    def start_dotnet(self, label, project, assembly, configuration, args):
        dll = os.path.join(ROOT, project, "bin", configuration, "net10.0", assembly)
        if not os.path.exists(dll):
            sys.exit(f"{dll} not found: run `dotnet build` first")
        return self.start(label, ["dotnet", dll, "--conf-dir", os.path.join(ROOT, "conf")] + args)

    def stop(self, child):
        child.stop()

    def stop_all(self):
        for p in reversed(self.all):
            p.stop()
        shutil.rmtree(self._work, ignore_errors=True)


class Child:
    def __init__(self, label, argv):
        self.label = label
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.pid = self.proc.pid
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def wait_for(self, pattern, timeout):
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            seen = 0
            while time.monotonic() < deadline:
                for line in self.lines[seen:]:
                    if m := regex.search(line):
                        return m
                seen = len(self.lines)
                if self.proc.poll() is not None:
                    break
                self.cond.wait(0.5)
        raise RuntimeError(f"{self.label}: no /{pattern}/ within {timeout} s; last lines: {self.lines[-10:]}")

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def tree_cpu(pid):
    """CPU seconds (user + system) of a process and its descendants (a node's worker processes)."""
    total = 0.0
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICK
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    total += tree_cpu(int(child))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)  # polling a port that is not open yet; bounded by the deadline
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


if __name__ == "__main__":
    main()
