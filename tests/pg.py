"""A throwaway PostgreSQL cluster for the test session (the recipe in shared/recipes.md).

The server refuses to run as root, so as root the cluster belongs to the ``postgres``
system user (created if missing). Started once per session, removed at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PGBIN = Path(os.environ.get("CAREERPATHS_PGBIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    root: Path
    port: int
    as_postgres: bool

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/careerpaths"

    def _run(self, *cmd: str) -> None:
        if self.as_postgres:
            subprocess.run(
                ["su", "postgres", "-c", " ".join(cmd)], check=True, capture_output=True, text=True
            )
        else:
            subprocess.run(list(cmd), check=True, capture_output=True, text=True)

    def stop(self) -> None:
        try:
            self._run(str(PGBIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    if not (PGBIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL is not installed ({PGBIN}/initdb is missing)")
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="careerpaths-pg-"))
    if as_postgres:
        if subprocess.run(["id", "-u", "postgres"], capture_output=True).returncode != 0:
            subprocess.run(
                [
                    "useradd",
                    "--system",
                    "--home-dir",
                    "/var/lib/postgresql",
                    "--shell",
                    "/bin/bash",
                    "postgres",
                ],
                check=True,
            )
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    cluster = Cluster(root, _free_port(), as_postgres)
    cluster._run(
        str(PGBIN / "initdb"),
        "-D",
        str(root / "data"),
        "-U",
        "postgres",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    opts = (
        f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {root} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    cluster._run(
        str(PGBIN / "pg_ctl"),
        "-D",
        str(root / "data"),
        "-l",
        str(root / "server.log"),
        "-w",
        "-t",
        "30",
        "-o",
        f"'{opts}'" if as_postgres else opts,
        "start",
    )
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{cluster.port}/postgres", autocommit=True
    ) as conn:
        conn.execute("create database careerpaths")
    return cluster
