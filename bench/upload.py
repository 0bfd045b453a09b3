#!/usr/bin/env python3
"""Measures uploading a large module to a real server: chunk transfer and commit, in MB/s of source.

Usage: python3 bench/upload.py [--kb 900] [--runs 5] [--chunk-kb 256] [--window 4] [--configuration Debug]

Starts the built server (dotnet build first) on an OS-chosen loopback port with a scratch data
folder, says hello as 'upload', and registers one generated module of --kb KB (100 small
functions, the rest comment lines: the compiler's share stays small, so the figure is the
upload path's) --runs times as new versions, in --chunk-kb chunks (base64 in JSON, each with its
SHA-256, as a stub sends them), with up to --window chunks unanswered at once (the stub's
uploadWindow; 1 waits for each answer). Prints per run: begin, the chunks, the commit (verify, compile,
store, publish) and end to end from begin to the commit's reply, in ms and MB/s of source; then
the medians. Standard library only; stops the server it started.
"""
import argparse
import base64
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from module_churn import ROOT, Rpc, read_until  # noqa: E402


def module_source(size):
    lines = ["using System;", "", "public static class Big", "{"]
    lines += [f"    public static int F{i:03d}(int a) => a + {i};" for i in range(100)]
    lines.append("}")
    text = "\n".join(lines) + "\n"
    filler = "// " + "x" * 96 + "\n"
    count = max(0, (size - len(text)) // len(filler))
    return (text + filler * count).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=900)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chunk-kb", type=int, default=256)
    parser.add_argument("--window", type=int, default=4, help="chunks in flight at once, as the stub's uploadWindow")
    parser.add_argument("--configuration", default="Debug")
    parser.add_argument("--key", default="dev-publisher-key-0001", help="a publish key from conf/server.json")
    args = parser.parse_args()

    dll = os.path.join(ROOT, "Server", "bin", args.configuration, "net10.0", "SimpleRpc.Server.dll")
    if not os.path.exists(dll):
        sys.exit(f"{dll} not found: run `dotnet build` first")
    data = tempfile.mkdtemp(prefix="simplerpc-upload-")
    server = subprocess.Popen(
        ["dotnet", dll, "--conf-dir", os.path.join(ROOT, "conf"), "--port", "0", "--shell", "--data-dir", data, "--log-level", "Warning"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    try:
        endpoint = read_until(server, "SimpleRpc server listening on ").split()[-1]
        host, port = endpoint.rsplit(":", 1)
        source = module_source(args.kb * 1024)
        chunk = args.chunk_kb * 1024
        mb = len(source) / 1e6
        print(f"{len(source)} bytes of source in {(len(source) + chunk - 1) // chunk} chunks of {args.chunk_kb} KiB, "
              f"window {args.window}; {args.configuration} build", flush=True)
        rows = []
        with socket.create_connection((host, int(port)), timeout=120) as sock:
            rpc = Rpc(sock)
            rpc.call("simplerpc/hello", {"name": "upload", "version": 1, "key": args.key})
            for run in range(1, args.runs + 1):
                # Each run a new version: the last filler line differs.
                body = source[:-2] + bytes([48 + run % 10]) + b"\n"
                sha = hashlib.sha256(body).hexdigest()
                pieces = [body[i:i + chunk] for i in range(0, len(body), chunk)]
                t0 = time.perf_counter()
                started = rpc.call("simplerpc/upload.begin", {"name": "big", "size": len(body), "sha256": sha, "chunkCount": len(pieces)})
                t1 = time.perf_counter()
                in_flight = 0
                for index, piece in enumerate(pieces):
                    if in_flight == args.window:
                        rpc.receive()
                        in_flight -= 1
                    rpc.send("simplerpc/upload.chunk", {"uploadId": started["uploadId"], "index": index,
                                                        "data": base64.b64encode(piece).decode(), "sha256": hashlib.sha256(piece).hexdigest()})
                    in_flight += 1
                for _ in range(in_flight):
                    rpc.receive()
                t2 = time.perf_counter()
                rpc.call("simplerpc/upload.commit", {"uploadId": started["uploadId"]})
                t3 = time.perf_counter()
                rows.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0))
                print(f"run {run}: begin {(t1 - t0) * 1000:6.1f} ms, chunks {(t2 - t1) * 1000:7.1f} ms ({mb / (t2 - t1):6.1f} MB/s), "
                      f"commit {(t3 - t2) * 1000:7.1f} ms, end to end {(t3 - t0) * 1000:7.1f} ms ({mb / (t3 - t0):6.1f} MB/s)", flush=True)
        med = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(f"median: begin {med[0] * 1000:.1f} ms, chunks {med[1] * 1000:.1f} ms ({mb / med[1]:.1f} MB/s), "
              f"commit {med[2] * 1000:.1f} ms, end to end {med[3] * 1000:.1f} ms ({mb / med[3]:.1f} MB/s)")
    finally:
        server.stdin.write("quit\n")
        server.stdin.flush()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
