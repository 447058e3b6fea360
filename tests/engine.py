"""The long-lived Node engine (tests/js/engine_server.mjs) the differential tests talk to."""
from __future__ import annotations

import json
import subprocess
from contextlib import contextmanager
from pathlib import Path

SERVER = Path(__file__).parent / "js" / "engine_server.mjs"


@contextmanager
def engine():
    """One Node process for a whole test module: a JSON line in, a JSON line out (ask)."""
    proc = subprocess.Popen(["node", str(SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    try:
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def ask(proc, request: dict):
    proc.stdin.write(json.dumps(request, allow_nan=False) + "\n")
    return json.loads(proc.stdout.readline())
