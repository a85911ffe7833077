"""The architecture as a specification (issue 23): ``search/`` is one package per layer,
every import runs downward, Whoosh is behind ``search/engine/``, the library below the web
layer imports no Django, and no module is part of an import cycle."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEARCH = Path(__file__).resolve().parent.parent / "search"
# floors, bottom up; packages on one floor don't import each other
FLOORS = {"document": 0, "language": 1, "engine": 2, "query": 3, "publish": 3, "web": 4}
TOP = {"settings", "wsgi", "asgi", "apps", "worker", "serving_config", "management"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SEARCH.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in SEARCH.rglob("*.py") if "locale" not in p.parts}


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, wherever in the file (a function's import counts)."""
    found: set[str] = set()
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" \
        else module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "search" else None


def test_search_is_one_package_per_layer():
    loose = sorted(p.stem for p in SEARCH.glob("*.py")
                   if p.stem not in TOP and p.stem != "__init__")
    assert loose == [], f"modules outside a layer package: {loose}"
    assert {p.name for p in SEARCH.iterdir() if (p / "__init__.py").exists()} >= set(FLOORS)


def test_every_import_runs_downward():
    upward = []
    for name, path in modules().items():
        mine = layer(name)
        if mine not in FLOORS:
            continue
        for target in imports(path):
            theirs = layer(target)
            if theirs in FLOORS and theirs != mine and FLOORS[theirs] >= FLOORS[mine]:
                upward.append(f"{name} → {target}")
    assert upward == []


def test_no_import_cycles():
    graph = {name: {t for t in imports(path) if t in modules() and t != name}
             for name, path in modules().items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt):], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


LIBRARY = ("document", "language", "engine", "query", "publish")


def test_the_library_loads_without_django():
    """Everything below the web layer is a library: it imports no Django, so it can be
    used, tested and benchmarked without settings."""
    names = sorted(n for n in modules() if layer(n) in LIBRARY)
    script = ("import sys\n" + "".join(f"import {n}\n" for n in names)
              + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=SEARCH.parent, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("package", LIBRARY)
def test_no_library_module_imports_django_at_all(package):
    offenders = [name for name, path in modules().items() if layer(name) == package
                 and any(t.split(".")[0] == "django" for t in imports(path))]
    assert offenders == []


def test_whoosh_stays_behind_the_engine():
    """Whoosh is unmaintained: it is reached through ``search/engine/`` alone, whose
    interface (``engine/plan.py``) is what a second engine would implement."""
    outside = sorted(name for name, path in modules().items() if layer(name) != "engine"
                     and any(t.split(".")[0] == "whoosh" for t in imports(path)))
    assert outside == []


def test_no_module_is_two_jobs():
    """A module past ~500 lines is a sign two jobs share it (STYLE.md)."""
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
