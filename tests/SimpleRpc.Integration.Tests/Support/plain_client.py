"""A JSON-RPC 2.0 client that is not SimpleRpc's code: Python's standard library only.

Usage: python3 plain_client.py HOST:PORT
Sends each request below as one line and prints each reply line as it arrives.
"""
import json
import socket
import sys

host, port = sys.argv[1].rsplit(":", 1)
requests = [
    {"jsonrpc": "2.0", "id": 1, "method": "z.Add", "params": [1, 2]},
    {"jsonrpc": "2.0", "id": "two", "method": "z.Greet", "params": {"name": "python"}},
    {"jsonrpc": "2.0", "id": 3, "method": "z.Squares", "params": [4]},
    {"jsonrpc": "2.0", "id": 4, "method": "z.Divide", "params": {"a": 1, "b": 0}},
    {"jsonrpc": "2.0", "id": 5, "method": "z.Missing", "params": []},
    {"jsonrpc": "2.0", "id": 6, "method": "z.Add", "params": ["one", 2]},
]
with socket.create_connection((host, int(port)), timeout=30) as sock:
    stream = sock.makefile("rw", encoding="utf-8", newline="\n")
    for request in requests:
        stream.write(json.dumps(request) + "\n")
        stream.flush()
        print(stream.readline().strip(), flush=True)
