import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fake_old_python(tmp_path: Path) -> Path:
    """An interpreter that fails the version check, as Python 3.11 would."""
    python = tmp_path / "python3.11"
    python.write_text(
        "#!/bin/sh\n"
        'case "$*" in *version_info*) exit 1 ;; esac\n'
        "echo 'Python 3.11.7'\n"
    )
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    return python


def test_make_refuses_a_python_older_than_312(tmp_path):
    python = fake_old_python(tmp_path)
    result = subprocess.run(
        ["make", "-s", "install", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Python 3.12 or newer" in result.stdout + result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_finds_no_suitable_python_on_a_bare_path(tmp_path):
    fake_old_python(tmp_path)
    (tmp_path / "python3").symlink_to(tmp_path / "python3.11")
    result = subprocess.run(
        [shutil.which("make"), "-s", "install", f"VENV={tmp_path / 'venv'}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": str(tmp_path)},  # only the old interpreter on PATH
    )
    assert result.returncode != 0
    assert "Python 3.12 or newer" in result.stdout + result.stderr


def test_python_version_file_names_313():
    assert (ROOT / ".python-version").read_text().strip() == "3.13.0"


def test_make_run_links_emails_to_the_host_and_port_it_serves():
    """The demo's emails (load_demo and the running server) link to the
    address `make run` starts, not to the default port 8000."""
    result = subprocess.run(
        ["make", "-n", "run", "HOST=localhost", "PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    lines = result.stdout.splitlines()
    for command in ("manage.py load_demo", "manage.py runserver"):
        line = next(line for line in lines if command in line)
        assert "SITE_URL=http://localhost:8101 " in line
