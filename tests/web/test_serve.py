"""``careerpaths serve`` for real: a subprocess with two worker processes on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_with_two_workers_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CAREERPATHS_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "careerpaths.web.settings.base",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SECRET_KEY", None)  # (the test settings set one for this process)
    server = subprocess.Popen(
        [sys.executable, "-m", "careerpaths.cli.main", "serve", "--port", str(port),
         "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        body = ""
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "Career pathways" in body
        assert (tmp_path / "careerpaths.sqlite3").exists()  # migrated on start
        assert (tmp_path / "secret-key.txt").stat().st_mode & 0o777 == 0o600
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=20)
    assert f"Serving careerpaths on http://127.0.0.1:{port}/" in out
    with socket.socket() as s:  # the workers are gone: nobody listens on the port any more
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (TIME_WAIT is fine)
        s.bind(("127.0.0.1", port))
