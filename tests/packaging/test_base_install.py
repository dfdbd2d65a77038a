"""The base install (no extras) runs everything that needs no optional service (issue #12).

Tests and CI install every extra, so an unguarded ``import scrapy_redis`` once broke the README's
first command without any test noticing. Here the optional extras are made unimportable
(``block_extras/sitecustomize.py`` first on ``PYTHONPATH``, inherited by child processes) and:

* every module of ``storage``, ``spiders``, ``dashboard`` and ``rivalwatch`` is imported in a fresh
  interpreter: only the modules that declare an extra (``require_extra("…")`` at module level) may
  fail, and only with ``MissingExtra`` — one line naming ``pip install 'rivalwatch[extra]'``;
  scripts that a host program runs (Streamlit pages ``dashboard/app.py`` and ``dashboard/app_pages/*``,
  Alembic's ``env.py``, ``__main__``) act at import, so their imports are imported instead;
* Scrapy's spider loader (which imports every module of ``spiders.spiders``) and a real crawl of a
  fake store into SQLite work;
* ``rivalwatch worker`` and a ``postgresql://`` database URL end with that one line and exit 2.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from storage.extras import EXTRAS
from tests.fakes.scripted_store import ScriptedStore

REPO = Path(__file__).resolve().parents[2]
BLOCKER = Path(__file__).with_name("block_extras")
PACKAGES = ("storage", "spiders", "dashboard", "rivalwatch")
DECLARES = re.compile(r"^require_extra\(\s*[\"'](\w+)[\"']", re.MULTILINE)

IMPORT_ALL = r"""
import ast, json, sys
from pathlib import Path

results = {}
for name, path, script in json.loads(sys.argv[1]):
    try:
        if script:  # a Streamlit script: import what it imports, do not run it
            for node in ast.parse(Path(path).read_text(encoding="utf-8")).body:
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        __import__(alias.name)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    module = __import__(node.module, fromlist=[a.name for a in node.names])
                    for alias in node.names:
                        if not hasattr(module, alias.name):
                            __import__(f"{node.module}.{alias.name}")
        else:
            __import__(name)
        results[name] = {"ok": True}
    except BaseException as exc:
        results[name] = {"ok": False, "type": type(exc).__name__, "message": str(exc),
                         "extra": getattr(exc, "extra", None)}
print(json.dumps(results))
"""


def blocked_env(**extra: str) -> dict[str, str]:
    """The environment of a base install: optional extras unimportable, this checkout first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIVALWATCH_")}
    env["PYTHONPATH"] = os.pathsep.join([str(BLOCKER), str(REPO)])
    env.update(extra)
    return env


def _modules() -> list[tuple[str, str, bool]]:
    found = []
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            # Scripts a host program runs (Streamlit pages, Alembic's env.py, ``python -m``): their
            # imports are checked, not their top-level code.
            script = (package == "dashboard" and (path.name == "app.py" or "app_pages" in parts)) \
                or path.name == "__main__.py" or (path.name == "env.py" and "migrations" in parts)
            found.append((name, str(path), script))
    return found


def test_blocker_really_blocks_the_extras():
    code = "import importlib.util, sys; print([importlib.util.find_spec(m) for m in sys.argv[1:]])"
    names = [m for modules in EXTRAS.values() for m in modules]
    out = subprocess.run([sys.executable, "-c", code, *names], env=blocked_env(), capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == str([None] * len(names))


def test_only_modules_declaring_an_extra_fail_and_with_one_line():
    modules = _modules()
    assert len(modules) > 100  # the walk found the packages
    declared = {name: DECLARES.findall(Path(path).read_text(encoding="utf-8")) for name, path, _ in modules}
    assert {n for n, extras in declared.items() if extras} >= {
        "spiders.queue.reliable", "spiders.queue.distributed", "spiders.queue.worker_spider", "rivalwatch.worker"}
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL, json.dumps(modules)], env=blocked_env(),
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads(result.stdout.strip().splitlines()[-1])
    problems = []
    for name, _path, _script in modules:
        outcome, extras = results[name], declared[name]
        if not extras:
            if not outcome["ok"]:
                problems.append(f"{name} declares no extra but failed: {outcome['type']}: {outcome['message']}")
            continue
        extra = extras[0]
        expected = f"pip install 'rivalwatch[{extra}]'"
        if outcome["ok"] or outcome["type"] != "MissingExtra" or outcome["extra"] != extra \
                or "\n" in outcome["message"] or expected not in outcome["message"]:
            problems.append(f"{name} (declares {extra}) should fail with one line naming {expected}: {outcome}")
    assert not problems, "\n".join(problems)


def _one_error_line(result: subprocess.CompletedProcess, extra: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and f"pip install 'rivalwatch[{extra}]'" in lines[0]
    return lines[0]


def test_worker_without_the_distributed_extra_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "rivalwatch", "worker", "--config", str(tmp_path)],
                            env=blocked_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "rivalwatch worker" in _one_error_line(result, "distributed")


@pytest.mark.parametrize("url", ["postgresql://postgres@127.0.0.1:5432/rw", "postgresql+psycopg://postgres@127.0.0.1/rw"])
def test_postgresql_url_without_the_postgres_extra_is_one_line_exit_2(tmp_path, url):
    for command in (["benchmark"], ["db", "upgrade"]):
        result = subprocess.run([sys.executable, "-m", "rivalwatch", *command, "--database-url", url],
                                env=blocked_env(), cwd=tmp_path, capture_output=True, text=True, timeout=120)
        line = _one_error_line(result, "postgres")
        assert "127.0.0.1" in line and "postgres@" not in line  # where, without the user name


def test_store_worker_spider_is_registered_when_the_extra_is_installed():
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # the test install has every extra
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0 and listed.stdout.split() == ["store", "store-worker"], listed.stderr[-2000:]


def test_spider_loader_and_a_crawl_work_without_extras(tmp_path):
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], env=blocked_env(), cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and listed.stdout.split() == ["store"], listed.stderr[-2000:]  # no store-worker
    config = tmp_path / "config"
    config.mkdir()
    (config / "rivalwatch.yaml").write_text("allow_private_targets: true\n", encoding="utf-8")
    with ScriptedStore(products=2, price="19.99") as store:
        products = "".join(f"  - kind: product\n    url: {store.base_url}/p/{i}\n" for i in range(2))
        (config / "rival.yaml").write_text(
            "slug: rival\nname: Rival\ncurrency: USD\n"
            f"politeness: {{download_delay: 0, autothrottle: false}}\nsources:\n{products}"
            f"  - kind: shipping\n    url: {store.base_url}/shipping\n"
            f"  - kind: returns\n    url: {store.base_url}/returns\n", encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "rivalwatch", "crawl", "--config", str(config),
             "--database-url", f"sqlite:///{tmp_path / 'rw.sqlite'}"],
            env=blocked_env(), cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
    assert re.search(r"^rival\s+run 1\s+finished\s+healthy", result.stdout, re.MULTILINE), result.stdout
