"""Reproducible installs: the lock files pin every dependency with hashes,
agree with pyproject.toml, and are what the Makefile and Dockerfile install."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pins(lock: str) -> dict[str, str]:
    return {
        name.lower(): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.M)
    }


def direct(extra: bool) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    if extra:
        names += project["optional-dependencies"]["dev"]
    return names


@pytest.mark.parametrize(
    ("lock", "with_dev"), [("dev.lock", True), ("base.lock", False)]
)
def test_every_pin_of_pyproject_is_in_the_lock_at_its_version(lock, with_dev):
    locked = pins((ROOT / "requirements" / lock).read_text())
    for requirement in direct(with_dev):
        name, version = re.match(
            r"([A-Za-z0-9_.-]+)(?:\[.*\])?==(\S+)", requirement
        ).groups()
        assert locked[name.lower().replace("_", "-")] == version, requirement


@pytest.mark.parametrize("lock", ["dev.lock", "base.lock"])
def test_every_locked_package_has_a_hash(lock):
    text = (ROOT / "requirements" / lock).read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text.split("\n", 2)[2])
    assert len(entries) > 30
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_the_makefile_and_dockerfile_install_from_the_locks():
    makefile = (ROOT / "Makefile").read_text()
    assert (
        "--require-hashes -r requirements/dev.lock -r requirements/build.lock"
        in makefile
    )
    assert "--no-deps --no-build-isolation -e ." in makefile
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert (
        "--require-hashes -r requirements/base.lock -r requirements/build.lock"
        in dockerfile
    )
    assert "--no-deps --no-build-isolation -e ." in dockerfile


def test_the_build_backend_is_locked_too():
    build = (ROOT / "requirements" / "build.lock").read_text()
    assert re.search(r"^setuptools==\S+ \\\n\s+--hash=sha256:", build, re.M)
