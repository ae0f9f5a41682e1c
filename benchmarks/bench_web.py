"""Web latency under load: the pathway map and the student audit page (not a test).

Usage: .venv/bin/python benchmarks/bench_web.py [--clients 20] [--requests 400]
       [--students 2400] [--backends sqlite,postgresql]

For each backend the demo region is loaded into a fresh database (SQLite in a temporary
folder; PostgreSQL in a throwaway cluster this script starts and removes), the app is
served by ``careerpaths serve`` on 127.0.0.1 only, and the load comes from locust, used as
a library and headless (``--load``, a process of its own: locust monkey-patches the
standard library for gevent). ``--clients`` locust users (``FastHttpUser``, one keep-alive
connection each, no wait between requests) send a fixed number of requests
(``--requests``) to each page, after a warm-up of two per user: the published pathway map
with the most courses (as families do, without logging in), and the audit pages of the
counselor's students in turn (one counselor session, logged in once with locust's client;
the demo settings skip the second step; each view also writes its access-log row). Prints
locust's p50, p95 and max response time (from sending the request to the last byte of the
body; locust keeps times under 100 ms to the millisecond and 100-1000 ms to 10 ms, so
p50 and p95 are whole numbers), the throughput and the CPU locust itself used per request
(it runs on the same machine as the server). Target: p95 under 100 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

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


def load(spec: dict[str, Any]) -> list[dict[str, object]]:
    """(Subprocess) the load, from locust used as a library; returns one row per page.

    locust is imported here, in a process of its own (``--load``), because importing it
    monkey-patches the standard library for gevent; the rest of the script (preparing the
    database, serving, PostgreSQL) stays on plain threads and processes. The counselor
    logs in once with locust's HTTP client (the demo settings skip the second step) and
    every client of the audit page sends that session's cookies. Each page is first warmed
    up, then ``--clients`` locust users (``FastHttpUser``: one keep-alive connection each,
    no wait between requests) share its list of paths until it is empty, so the run is a
    fixed number of requests; a response other than 200 (a redirect to the login page
    included) is a failure and stops the script.
    """
    import gevent
    from locust import FastHttpUser, constant, task
    from locust.contrib.fasthttp import FastHttpSession
    from locust.env import Environment
    from locust.exception import StopUser

    host = spec["host"]
    login_env = Environment()
    session = FastHttpSession(host, login_env.events.request, user=None)
    page = session.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
    if token is None:
        raise SystemExit("bench_web: no login form at /accounts/login/")
    answer = session.post(
        "/accounts/login/",
        data=urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": "counselor",
                "password": spec["password"],
                "next": "/students/",
            }
        ),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
    )
    cookies = list(session.cookiejar)
    if answer.status_code != 302 or not any(c.name == "sessionid" for c in cookies):
        raise SystemExit("bench_web: the counselor could not log in")

    def run(name: str, paths: list[str], logged_in: bool) -> tuple[Any, float, float]:
        queue = list(reversed(paths))

        class Client(FastHttpUser):
            host = spec["host"]
            wait_time = constant(0)

            def on_start(self) -> None:
                if logged_in:
                    for cookie in cookies:
                        self.client.cookiejar.set_cookie(cookie)

            @task
            def get(self) -> None:
                if not queue:
                    raise StopUser()
                path = queue.pop()
                with self.client.get(
                    path, name=name, allow_redirects=False, catch_response=True
                ) as r:
                    if r.status_code != 200:
                        r.failure(f"{path}: {r.status_code}")

        env = Environment(user_classes=[Client])
        runner = env.create_local_runner()
        cpu0, t0 = time.process_time(), time.perf_counter()
        runner.start(spec["clients"], spawn_rate=spec["clients"])
        assert runner.spawning_greenlet is not None
        runner.spawning_greenlet.join()
        while runner.user_count:
            gevent.sleep(0.01)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        runner.quit()
        entry = env.stats.get(name, "GET")
        if entry.num_failures:
            error = next(iter(env.stats.errors.values()))
            raise SystemExit(f"bench_web: {entry.num_failures} failed requests, e.g. {error.error}")
        return entry, wall, cpu

    rows: list[dict[str, object]] = []
    for p in spec["pages"]:
        run(p["name"], p["paths"][: spec["clients"] * 2], p["logged_in"])  # warm up
        entry, wall, cpu = run(p["name"], p["paths"], p["logged_in"])
        rows.append(
            {
                "page": p["name"],
                "requests": entry.num_requests,
                "p50": entry.get_response_time_percentile(0.5),
                "p95": entry.get_response_time_percentile(0.95),
                "max": entry.max_response_time,
                "rps": entry.num_requests / wall,
                "client_cpu": cpu * 1000 / max(1, entry.num_requests),
            }
        )
    return rows


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
        students = info["students"]
        spec = {
            "host": f"http://127.0.0.1:{port}",
            "password": info["password"],
            "clients": args.clients,
            "pages": [
                {
                    "name": "pathway map",
                    "paths": [f"/pathways/{info['pathway']}/"] * args.requests,
                    "logged_in": False,
                },
                {
                    "name": "student audit",
                    "paths": [
                        f"/students/{students[i % len(students)]}/" for i in range(args.requests)
                    ],
                    "logged_in": True,
                },
            ],
        }
        measured = subprocess.run(
            [sys.executable, __file__, "--load"],
            input=json.dumps(spec),
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
        rows: list[dict[str, object]] = json.loads(measured.stdout.strip().splitlines()[-1])
        for r in rows:
            r["backend"] = backend
        return rows
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if cluster is not None:
            cluster.stop()


def _locust_version() -> str:
    from importlib.metadata import version  # not ``import locust``: that would patch this process

    return version("locust")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[2]))
        return
    if sys.argv[1:] == ["--load"]:
        print(json.dumps(load(json.load(sys.stdin))))
        return
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=400, help="per page and backend")
    ap.add_argument("--students", type=int, default=2400)
    ap.add_argument("--backends", default="sqlite,postgresql")
    args = ap.parse_args()
    if importlib.util.find_spec("locust") is None:  # found, not imported (see load())
        raise SystemExit("bench_web: locust is not installed (scripts/bootstrap.sh dev)")

    from careerpaths.demo.region import build_region
    from careerpaths.io.workspace import write_workspace

    workspace = Path(tempfile.mkdtemp(prefix="bench-web-ws-")) / "region"
    write_workspace(build_region(students=args.students), workspace)
    print(
        f"Measured by locust {_locust_version()} ({args.clients} users on 127.0.0.1, "
        f"{args.requests} requests per page); waitress, {os.cpu_count()} cores"
    )
    print(
        f"{'backend':<11} {'page':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'req/s':>7} {'locust CPU ms/req':>18}"
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
