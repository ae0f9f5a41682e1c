"""One settings object (issue #18): every environment variable the package reads is a
field of :class:`careerpaths.settings.Settings` (or a documented standard one), read only
at the edge, and every one is documented in docs/settings.md — as datasette's
tests/test_docs.py keeps its settings documented."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from careerpaths.settings import DEFAULT_HOME, Settings, SettingsError, env_names

ROOT = Path(__file__).parents[2]
SRC = ROOT / "src" / "careerpaths"
DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
STANDARD = {"DJANGO_SETTINGS_MODULE", "SOURCE_DATE_EPOCH", "SPARK_LOCAL_IP"}
_READ = re.compile(
    r"""(?:environ\.get|environ\.setdefault|environ\.pop|getenv)\(\s*["']([A-Z_]+)["']|environ\[\s*["']([A-Z_]+)["']\]"""
)
# Where the environment may be read: the settings object, and the edge that starts Django.
# (cli/main.py unsets DATABASE_URL: the demo always runs on the embedded database.)
EDGE = {
    "settings.py",
    "web/settings/test.py",
    "web/app.py",
    "web/manage.py",
    "web/wsgi.py",
    "cli/main.py",
}


def _section(title: str) -> str:
    return DOC.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _documented(title: str = "Environment variables") -> set[str]:
    return set(re.findall(r"^\| `([A-Z_]+)` \|", _section(title), flags=re.M))


def _reads() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        for m in _READ.finditer(path.read_text(encoding="utf-8")):
            out.setdefault(m.group(1) or m.group(2), set()).add(
                str(path.relative_to(SRC)).replace("\\", "/")
            )
    return out


def test_every_setting_is_documented() -> None:
    missing = [name for name in [*env_names(), *STANDARD] if name not in _documented()]
    assert missing == []


def test_every_documented_variable_is_a_setting() -> None:
    assert _documented() - set(env_names()) - STANDARD == set()


def test_the_package_reads_only_settings_and_only_at_the_edge() -> None:
    reads = _reads()
    unknown = {
        name: files for name, files in reads.items() if name not in {*env_names(), *STANDARD}
    }
    assert unknown == {}
    deep = {
        name: files - EDGE for name, files in reads.items() if name not in STANDARD and files - EDGE
    }
    assert deep == {}


def test_the_django_settings_of_the_product_are_documented() -> None:
    base = (SRC / "web" / "settings" / "base.py").read_text(encoding="utf-8")
    names = set(re.findall(r"^(CAREERPATHS[A-Z_]*) =", base, flags=re.M))
    assert names and names <= _documented("Django settings of the web app")


def test_from_env_defaults_and_parsing(tmp_path: Path) -> None:
    s = Settings.from_env({})
    assert s.home == DEFAULT_HOME.expanduser() and s.labor_store == s.home / "labor.sqlite"
    assert (s.equity_threshold, s.debug, s.allowed_hosts) == (10, False, ())
    s = Settings.from_env(
        {
            "CAREERPATHS_HOME": str(tmp_path),
            "DJANGO_DEBUG": "1",
            "DJANGO_ALLOWED_HOSTS": " a.example , b.example ,",
            "DJANGO_SECRET_KEY": "not-shown",
        }
    )
    assert s.home == tmp_path and s.debug and s.allowed_hosts == ("a.example", "b.example")
    assert "not-shown" not in repr(s)
    with pytest.raises(FrozenInstanceError):
        s.home = Path("/elsewhere")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "yes"}, "DJANGO_DEBUG must be 0 or 1"),
        ({"CAREERPATHS_EQUITY_THRESHOLD": "ten"}, "CAREERPATHS_EQUITY_THRESHOLD must be a whole"),
        ({"CAREERPATHS_EQUITY_THRESHOLD": "3"}, "at least 5"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_one_home_for_the_web_app_and_the_labor_store(monkeypatch: pytest.MonkeyPatch) -> None:
    from careerpaths.labor.store import careerpaths_home

    monkeypatch.delenv("CAREERPATHS_HOME", raising=False)
    assert careerpaths_home() == Settings.from_env().home == DEFAULT_HOME.expanduser()
    web = (SRC / "web" / "settings" / "base.py").read_text(encoding="utf-8")
    assert "HOME = CAREERPATHS.home" in web


def test_no_development_key_or_var_folder_is_tracked() -> None:
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert [p for p in tracked if p.endswith("secret-key.txt") or "/var/" in f"/{p}"] == []
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "var/" in ignore  # anywhere, not only at the top
