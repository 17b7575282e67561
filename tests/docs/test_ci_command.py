"""CI runs exactly the README's test command, from pinned versions that satisfy the ranges users install with."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
TEST_COMMAND = '.venv/bin/pip install -c constraints.txt -e ".[test]" && .venv/bin/python -m pytest -rs'


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: `{line}` is not an exact pin"
            pins[canonicalize_name(name)] = version
    return pins


def test_readme_and_ci_run_the_same_pinned_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python3 -m venv .venv && {TEST_COMMAND}" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == f"python3 -m venv .venv && {TEST_COMMAND.replace('install -c', 'install -q -c')}"
    assert "constraints.txt" in readme and "pip freeze" in readme  # how to refresh the pins


def test_every_dependency_is_pinned_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    for req in wanted:
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), \
            f"constraints.txt pins {req.name}=={pins[name]}, outside pyproject's {req.specifier}"
    assert "pygame" not in pins, "plain pygame must never be installed beside pygame-ce"


def test_ci_installs_the_system_programs_its_tests_use_and_lists_skips():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"apt-get install -y .*--no-install-recommends", ci)
    assert "chromium" in ci and "espeak-ng" in ci and "DEBIAN_FRONTEND=noninteractive" in ci
    assert "exit 1" in ci  # a failed apt-get stops CI with its last words, never a silent skip later


def test_ci_stops_with_apt_gets_own_words_when_it_cannot_install(tmp_path):
    """As root on Debian without chromium and espeak-ng, a failing apt-get ends .ci/run at once (exit 1) with what
    apt-get said, instead of letting the browser and voice tests skip. Run with stand-ins for apt-get and id."""
    import shutil
    import subprocess

    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "tail", "timeout", "cat", "env", "mktemp", "rm"):  # only these: no chromium, no espeak-ng
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")  # as root
    (bin_dir / "apt-get").write_text("#!/bin/sh\necho \"E: Unable to locate package $*\" >&2\nexit 100\n")
    for stub in ("id", "apt-get"):
        (bin_dir / stub).chmod(0o755)
    proc = subprocess.run([str(bin_dir / "bash"), str(repo / ".ci" / "run")], capture_output=True, text=True,
                          timeout=60, env={"PATH": str(bin_dir), "TMPDIR": str(tmp_path)})
    assert proc.returncode == 1
    assert ".ci/run: installing chromium espeak-ng with apt-get" in proc.stderr
    assert ".ci/run: apt-get could not install chromium espeak-ng; its last words:" in proc.stderr
    assert "E: Unable to locate package" in proc.stderr
    assert not (repo / ".venv").exists()  # stopped before the tests
