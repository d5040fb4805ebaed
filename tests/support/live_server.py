"""xlgoals' xlwings-server app running for real (uvicorn in a child process), for the HTTP and
the browser tests: xlwings-server reads its settings once per process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TOKEN = "dhq-czj-2025-0123456789abcdef"
OTHER_TOKEN = "another-bureau-token-xyz"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(inbox: Path, **environ: str) -> Iterator[str]:
    """The base URL of a server with the shared tokens above and `inbox`."""
    port = _free_port()
    env = {
        **os.environ,
        "XLWINGS_LICENSE_KEY": "noncommercial",
        "XLGOALS_TOKEN": f"{OTHER_TOKEN},{TOKEN}",
        "XLGOALS_INBOX": str(inbox),
        "XLGOALS_AUTH": "",  # not open unless a test says so
        **environ,
    }
    for key in [k for k, v in env.items() if v == ""]:
        del env[key]
    with tempfile.TemporaryFile(mode="w+") as log:  # a pipe nobody reads would block
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "xlgoals.server:app", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=inbox,  # nothing of the repository on the path
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(base + "/", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"the server did not start: {log.read()[-3000:]}")
                time.sleep(0.3)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
