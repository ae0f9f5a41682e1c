"""Web latency under load: the pathway map and the student audit page (not a test).

Usage: .venv/bin/python benchmarks/bench_web.py [--clients 20] [--requests 400]
       [--students 2400] [--backends sqlite,postgresql]

For each backend the demo region is loaded into a fresh database (SQLite in a temporary
folder; PostgreSQL in a throwaway cluster this script starts and removes), the app is
served by ``careerpaths serve`` on 127.0.0.1 only, and ``--clients`` concurrent clients
(keep-alive connections) send a bounded number of requests to each page: the published
pathway map with the most courses (as families do, without logging in), and the audit
pages of the counselor's students in turn (one counselor session; each view also writes
its access-log row). Prints p50, p95
and max latency and the throughput. Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 100.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(workspace: Path) -> None:
    """(Subprocess) load the workspace and the demo accounts; print what the clients need."""
    from careerpaths.io.workspace import load_workspace
    from careerpaths.web import app

    app.setup()
    site = app.prepare_demo(load_workspace(workspace))
    from careerpaths.web.accounts.selectors import user_scope
    from careerpaths.web.catalog.selectors import region_snapshot
    from careerpaths.web.students.selectors import students_visible

    counselor = next(x for x in site.logins if x.username == "counselor")
    from django.contrib.auth import get_user_model

    scope = user_scope(user=get_user_model().objects.get(username="counselor"))
    students = [str(s.public_id) for s in students_visible(scope=scope).order_by("?")[:300]]
    region = region_snapshot()
    published = [p for p in region.pathways.values() if p.status.value == "published"]
    biggest = max(published, key=lambda p: len(p.placements))
    print(
        json.dumps(
            {
                "password": counselor.password,
                "students": students,
                "pathway": biggest.id,
                "database": site.database,
            }
        )
    )


class Client:
    def __init__(self, port: int, cookie: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = cookie

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        h = {"Cookie": self.cookie} if self.cookie else {}
        h.update(headers or {})
        self.conn.request(method, path, body=body or None, headers=h)
        r = self.conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def login(port: int, password: str) -> str:
    c = Client(port)
    status, headers, body = c.request("GET", "/accounts/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", "")).group(1)  # type: ignore[union-attr]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()  # type: ignore[union-attr]
    form = f"csrfmiddlewaretoken={token}&username=counselor&password={password}&next=/students/"
    c.cookie = f"csrftoken={csrf_cookie}"
    status, headers, _ = c.request(
        "POST",
        "/accounts/login/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
    if status != 302 or session is None:
        raise SystemExit("bench_web: the counselor could not log in")
    return f"csrftoken={csrf_cookie}; sessionid={session.group(1)}"


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 response (Content-Length or chunked) from a keep-alive connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {
        k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)
    }
    if "content-length" in fields:
        return status, await reader.readexactly(int(fields["content-length"]))
    body = bytearray()
    while fields.get("transfer-encoding", "").lower() == "chunked":
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            break
        body += chunk[:-2]
    return status, bytes(body)


def load(
    port: int, paths: list[str], clients: int, cookie: str
) -> tuple[list[float], float, float]:
    """Send ``paths`` (in order, shared) from ``clients`` concurrent keep-alive connections.

    The clients are coroutines on one thread (a raw HTTP/1.1 exchange each), so the load
    generator takes as little as possible of the CPU it shares with the server. Latency in
    ms, from writing the request to reading the last byte of the response.
    """
    latencies: list[float] = []
    queue = list(reversed(paths))
    errors: list[str] = []
    extra = f"Cookie: {cookie}\r\n" if cookie else ""

    async def work() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue:
                path = queue.pop()
                request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}\r\n"
                t0 = time.perf_counter()
                writer.write(request.encode("latin-1"))
                status, _ = await _read_response(reader)
                latencies.append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    errors.append(f"{path}: {status}")
        finally:
            writer.close()

    async def main() -> float:
        t0 = time.perf_counter()
        await asyncio.gather(*(work() for _ in range(clients)))
        return time.perf_counter() - t0

    cpu0 = time.process_time()
    wall = asyncio.run(main())
    client_cpu_ms = (time.process_time() - cpu0) * 1000 / max(1, len(latencies))
    if errors:
        raise SystemExit(f"bench_web: {len(errors)} failed requests, e.g. {errors[0]}")
    return latencies, wall, client_cpu_ms


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def run_backend(backend: str, workspace: Path, args: argparse.Namespace) -> list[dict[str, object]]:
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-web-{backend}-"))
    env = {
        **os.environ,
        "CAREERPATHS_HOME": str(tmp),
        "DJANGO_SETTINGS_MODULE": "careerpaths.web.settings.base",
    }
    env.pop("DATABASE_URL", None)
    cluster = None
    server = None
    try:
        if backend == "postgresql":
            sys.path.insert(0, str(ROOT))
            from tests.pg import start_cluster

            cluster = start_cluster()
            env["DATABASE_URL"] = cluster.url
        out = subprocess.run(
            [sys.executable, __file__, "--prepare", str(workspace)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        info = json.loads(out.stdout.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "careerpaths.cli.main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cookie = login(port, info["password"])
        pages = {
            "pathway map": ([f"/pathways/{info['pathway']}/"] * args.requests, ""),
            "student audit": (
                [
                    f"/students/{info['students'][i % len(info['students'])]}/"
                    for i in range(args.requests)
                ],
                cookie,
            ),
        }
        rows = []
        for name, (paths, session) in pages.items():
            load(port, paths[: args.clients * 2], args.clients, session)  # warm up
            latencies, wall, client_cpu = load(port, paths, args.clients, session)
            rows.append(
                {
                    "backend": backend,
                    "page": name,
                    "requests": len(latencies),
                    "p50": pct(latencies, 50),
                    "p95": pct(latencies, 95),
                    "max": max(latencies),
                    "rps": len(latencies) / wall,
                    "client_cpu": client_cpu,
                }
            )
        return rows
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if cluster is not None:
            cluster.stop()


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="per page and backend")
    ap.add_argument("--students", type=int, default=2400)
    ap.add_argument("--backends", default="sqlite,postgresql")
    args = ap.parse_args()

    from careerpaths.demo.region import build_region
    from careerpaths.io.workspace import write_workspace

    workspace = Path(tempfile.mkdtemp(prefix="bench-web-ws-")) / "region"
    write_workspace(build_region(students=args.students), workspace)
    print(
        f"{args.clients} concurrent clients on 127.0.0.1, {args.requests} requests per page; "
        f"waitress, {os.cpu_count()} cores"
    )
    print(
        f"{'backend':<11} {'page':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'req/s':>7} {'client CPU ms/req':>18}"
    )
    for backend in args.backends.split(","):
        if backend == "postgresql" and not Path("/usr/lib/postgresql/15/bin/initdb").exists():
            print(
                "postgresql  skipped: PostgreSQL 15 is not installed (apt-get install postgresql)"
            )
            continue
        for r in run_backend(backend, workspace, args):
            flag = "" if float(r["p95"]) < TARGET_P95_MS else "  (over the 100 ms target)"  # type: ignore[arg-type]
            print(
                f"{r['backend']:<11} {r['page']:<14} {r['requests']:>8} {r['p50']:>8.1f} "
                f"{r['p95']:>8.1f} {r['max']:>8.1f} {r['rps']:>7.1f} {r['client_cpu']:>18.2f}{flag}"
            )


if __name__ == "__main__":
    main()
