import pytest

from ..requirements import missing


def test_missing_requirement_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        missing("Chromium", "install it with `apt-get install chromium`")


def test_missing_requirement_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="never skips"):
        missing("Redis", "start redis-server")
