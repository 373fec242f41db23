"""The README documents every setting and every CLI command the code has."""

from __future__ import annotations

import typer.main

from etl.cli.app import app
from etl.settings import PROJECT_ROOT, SETTING_SPECS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    missing = [spec.name for spec in SETTING_SPECS if f"`{spec.name}`" not in README]
    assert missing == []


def test_every_cli_command_is_documented() -> None:
    group = typer.main.get_group(app)
    commands = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        commands += [f"{name} {s}" for s in sub] if sub else [name]
    missing = [c for c in commands if f"`{c}" not in README and f"/ `{c}" not in README]
    assert missing == [], f"undocumented commands: {missing}"
