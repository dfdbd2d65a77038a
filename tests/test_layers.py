"""The layer rule, enforced: which package may import which (docs/architecture.md, "Layers").

Every import of every module counts — top-level, inside functions (lazy) and relative ones — read
with ``ast`` (nothing is imported). ``core`` is the base; each layer may import only the layers below
it and itself. No package and no module takes part in an import cycle. Benchmarks never import tests.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OURS = ("core", "storage", "spiders", "dashboard", "rivalwatch", "bench", "tests")
ALLOWED = {
    "core": {"core"},
    "storage": {"core", "storage"},
    "spiders": {"core", "storage", "spiders"},
    "dashboard": {"core", "storage", "spiders", "dashboard"},
    "rivalwatch": {"core", "storage", "spiders", "dashboard", "rivalwatch"},  # CLI, jobs, alerts, demo
    "bench": {"core", "storage", "spiders", "dashboard", "rivalwatch", "bench"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in ALLOWED:
        for path in (REPO / package).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that ``name`` imports, anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import module`` imports the module; ``from module import name`` the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t.split(".")[0] in OURS}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def test_each_layer_imports_only_the_layers_below_it():
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items() for target in targets
        if target.split(".")[0] not in ALLOWED[module.split(".")[0]]
    )
    assert wrong == [], "imports against the layer rule:\n" + "\n".join(wrong)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return result


def _without_package_inits(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # ``pkg/__init__.py`` re-exporting its modules is not a cycle with them: an import of
    # ``pkg.module`` runs ``pkg/__init__`` first by Python's rules, not by a choice of ours.
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_no_module_import_cycles_lazy_imports_included():
    cycles = _cycles(_without_package_inits(_graph()))
    assert cycles == [], "module import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_package_cycles():
    packages: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            if target.split(".")[0] != module.split(".")[0]:
                packages[module.split(".")[0]].add(target.split(".")[0])
    assert _cycles(packages) == []


def test_the_rule_sees_lazy_and_relative_imports(tmp_path):
    """The checker itself: a lazy import and a relative one are both found."""
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from rivalwatch.cli import app\nfrom . import sibling\n", encoding="utf-8")
    found = _imports("spiders.pages.mod", source, {"spiders.pages.sibling"})
    assert found == {"rivalwatch.cli", "spiders.pages.sibling"}
