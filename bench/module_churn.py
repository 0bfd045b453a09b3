#!/usr/bin/env python3
"""Registers the same module again and again on a real server and prints what the server holds.

Usage: python3 bench/module_churn.py [--count 200] [--every 20] [--configuration Debug]

Starts the built server (dotnet build first) on an OS-chosen loopback port with a scratch data
folder, says hello as the client 'churn', then uploads Modules/z.cs --count times, calling
z.Add after each version. Every --every registrations it asks the server console for `stats`
(modules, module load contexts alive, loaded assemblies, managed heap, working set) and
prints it. With unloading working, contexts and assemblies stay flat and memory levels off.
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
    args = parser.parse_args()

    dll = os.path.join(ROOT, "Server", "bin", args.configuration, "net10.0", "SimpleRpc.Server.dll")
    if not os.path.exists(dll):
        sys.exit(f"{dll} not found: run `dotnet build` first")
    data = tempfile.mkdtemp(prefix="simplerpc-churn-")
    server = subprocess.Popen(
        ["dotnet", dll, "--conf-dir", os.path.join(ROOT, "conf"), "--port", "0", "--shell", "--data-dir", data, "--log-level", "Warning"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        endpoint = read_until(server, "SimpleRpc server listening on ").split()[-1]
        host, port = endpoint.rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=60) as sock:
            rpc = Rpc(sock)
            rpc.call("simplerpc/hello", {"name": "churn", "version": 1, "key": args.key})
            source = open(os.path.join(ROOT, "Modules", "z.cs"), "rb").read()
            print(f"pid {server.pid}; registering z ({len(source)} bytes) {args.count} times", flush=True)
            print(f"start: {stats(server)}", flush=True)
            for i in range(1, args.count + 1):
                upload(rpc, "z", source)
                assert rpc.call("z.Add", [i, 1]) == i + 1
                if i % args.every == 0 or i == args.count:
                    print(f"after {i:4d}: {stats(server)}", flush=True)
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
