"""The processes `make run` (Procfile) and production (deploy/systemd) start name commands
that exist: a renamed command would otherwise surface only on a newsroom's server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
XEBER_COMMAND = re.compile(r"(?:^|[\s/])xeber (?P<command>[\w-]+)")


def _commands_in(text: str) -> list[str]:
    return [found["command"] for found in XEBER_COMMAND.finditer(text)]


def test_the_procfile_starts_the_web_server_a_worker_and_the_scheduler():
    processes = dict(
        line.split(":", 1)
        for line in (ROOT / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(processes) == {"web", "worker", "scheduler"}
    assert "gunicorn xeber.wsgi:application" in processes["web"]
    assert _commands_in(processes["worker"]) == ["db_worker"]
    assert _commands_in(processes["scheduler"]) == ["scheduler"]


@pytest.mark.parametrize(
    "unit", sorted((ROOT / "deploy" / "systemd").glob("*.service")), ids=lambda path: path.name
)
def test_every_systemd_unit_runs_a_command_that_exists(unit):
    starts = [line for line in unit.read_text().splitlines() if line.startswith("ExecStart=")]
    assert starts, unit.name
    for command in _commands_in(" ".join(starts)):
        assert command in get_commands(), f"{unit.name}: no command {command!r}"
