"""Write the demo stores' RivalWatch config files (``configs/<slug>.yaml`` templates).

The templates use ``string.Template`` placeholders: ``${base_url}`` is the store's origin, e.g.
``http://127.0.0.1:41234`` (no trailing slash).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from string import Template


def template_names() -> list[str]:
    """Slugs that have a config template, sorted."""
    folder = resources.files("rivalwatch.demo") / "configs"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def render_config(slug: str, base_url: str) -> str:
    """The config file text of one demo store served at ``base_url``."""
    text = (resources.files("rivalwatch.demo") / "configs" / f"{slug}.yaml").read_text(encoding="utf-8")
    return Template(text).substitute(base_url=base_url.rstrip("/"))


def write_demo_configs(dest: Path, base_urls: dict[str, str]) -> list[Path]:
    """Render the config of every store in ``base_urls`` into ``dest`` (created); return the paths."""
    unknown = set(base_urls) - set(template_names())
    if unknown:
        raise KeyError(f"no demo config template for {sorted(unknown)}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for slug, base_url in sorted(base_urls.items()):
        path = dest / f"{slug}.yaml"
        path.write_text(render_config(slug, base_url), encoding="utf-8")
        paths.append(path)
    # The demo stores live on 127.0.0.1, which the SSRF guard refuses unless this switch is set.
    (dest / "rivalwatch.yaml").write_text(DEMO_SETTINGS, encoding="utf-8")
    return paths


DEMO_SETTINGS = """\
# Written by the RivalWatch demo. The demo stores run on 127.0.0.1: allow loopback targets here only.
allow_private_targets: true
# The demo's own store is in Jakarta: times read in WIB everywhere a manager looks.
timezone: Asia/Jakarta
"""
