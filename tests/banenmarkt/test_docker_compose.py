"""No Docker engine runs on our machines, so the stack is checked by reading
docker-compose.yml: every service is there and every command points at code
and settings that exist."""

import importlib
import re
import shlex
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_of(service: dict) -> list[str]:
    command = service["command"]
    if isinstance(command, list):
        return command
    return shlex.split(command)


def test_compose_has_the_whole_stack(compose):
    assert set(compose["services"]) == {
        "postgres",
        "redis",
        "web",
        "worker",
        "beat",
        "mailpit",
    }


def test_app_services_point_at_the_compose_services(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert urlparse(env["DATABASE_URL"]).hostname == "postgres"
        assert urlparse(env["CELERY_BROKER_URL"]).hostname == "redis"
        assert urlparse(env["CACHE_URL"]).hostname == "redis"
        assert urlparse(env["EMAIL_URL"]).hostname == "mailpit"
        assert "DJANGO_SECRET_KEY" in env
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    db = services["postgres"]["environment"]
    url = urlparse(services["web"]["environment"]["DATABASE_URL"])
    assert (url.username, url.password, url.path.lstrip("/")) == (
        db["POSTGRES_USER"],
        db["POSTGRES_PASSWORD"],
        db["POSTGRES_DB"],
    )


def test_web_migrates_then_serves_the_wsgi_app_with_gunicorn(compose):
    command = " ".join(command_of(compose["services"]["web"]))
    migrate = command.index("manage.py migrate")
    gunicorn = re.search(r"gunicorn ([\w.]+):(\w+)", command)
    assert gunicorn and migrate < gunicorn.start()
    module = importlib.import_module(gunicorn.group(1))
    assert callable(getattr(module, gunicorn.group(2)))
    assert (ROOT / "manage.py").is_file()


@pytest.mark.parametrize(("service", "role"), [("worker", "worker"), ("beat", "beat")])
def test_celery_services_load_our_app(compose, service, role):
    command = command_of(compose["services"][service])
    assert command[:1] == ["celery"]
    app_name = command[command.index("-A") + 1]
    assert command[command.index("-A") + 2] == role
    module = importlib.import_module(app_name)
    from celery import Celery

    assert isinstance(module.celery_app, Celery)
    assert module.celery_app.main == "banenmarkt"


def test_only_one_beat(compose):
    beats = [
        name
        for name, service in compose["services"].items()
        if "command" in service and "beat" in command_of(service)
    ]
    assert beats == ["beat"]
    assert "deploy" not in compose["services"]["beat"]


def test_image_is_python_313_and_env_example_matches_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.13-slim", dockerfile, re.MULTILINE)

    settings_source = (ROOT / "banenmarkt" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    example = (ROOT / ".env.example").read_text()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z_]+)=", example, re.MULTILINE))
    assert named, "no variables in .env.example"
    assert named <= read, f"in .env.example but not read: {named - read}"
