"""Keys that are never public: random development keys, and a production that refuses
missing, short and published keys with one plain line."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from wpsdesk.core.checks import development_mode_is_off
from wpsdesk.core.keyconfig import (
    DEV_KEY_NAMES,
    new_dev_keys,
    production_key_problem,
    read_env_file,
    write_dev_keys,
)
from wpsdesk.organisation.models import User

ROOT = Path(__file__).resolve().parents[2]

# Values that were defaults or examples in this repository: published, so refused.
PUBLISHED = {
    "WPSDESK_SECRET_KEY": [
        "dev-only-insecure-key-change-me",
        "x" * 20 + "production-like-secret-key-0123456789-abcdefgh",
    ],
    "WPSDESK_AUDIT_KEY": ["dev-only-audit-key", "a-separate-audit-key-for-the-check"],
    "WPSDESK_ENCRYPTION_KEYS": [
        "dev1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=",
        "k1:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=",
        f"new1:{new_dev_keys()['WPSDESK_ENCRYPTION_KEYS'].partition(':')[2]},"
        "old:ZGV2LW9ubHktZW5jcnlwdGlvbi1rZXktMzItYnl0ZXM=",
    ],
}


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A production environment (debug off, no WPSDESK_DEV) with fresh keys of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("WPSDESK_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(new_dev_keys())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "wpsdesk.settings",
            "WPSDESK_ALLOWED_HOSTS": "wpsdesk.example.org",
            "WPSDESK_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'keys.sqlite3'}",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value != "<unset>"}


def wpsdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wpsdesk", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_plain_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("wpsdesk cannot start: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, value) for name, values in PUBLISHED.items() for value in values],
    # Ids by position: one value is fresh each run, and xdist workers must collect alike.
    ids=lambda v: v if v in PUBLISHED else "value",
)
def test_published_key_values_are_refused_in_production(name: str, value: str) -> None:
    assert production_key_problem(name, value, set()) is not None
    assert "published" in (production_key_problem(name, value, set()) or "")


def test_fresh_keys_are_accepted_in_production() -> None:
    for name, value in new_dev_keys().items():
        assert production_key_problem(name, value, set()) is None


def test_short_keys_are_refused_in_production() -> None:
    assert "too short" in (production_key_problem("WPSDESK_AUDIT_KEY", "k" * 31, set()) or "")
    assert production_key_problem("WPSDESK_AUDIT_KEY", "k" * 32, set()) is None
    short_ring = "s1:" + "c2hvcnQta2V5"  # base64 of 9 bytes
    problem = production_key_problem("WPSDESK_ENCRYPTION_KEYS", short_ring, set())
    assert "32 bytes" in (problem or "")


def test_the_dev_key_values_are_refused_with_debug_off(tmp_path: Path) -> None:
    """The old development defaults, pasted as production values, stop the start."""
    for name in DEV_KEY_NAMES:
        env = production_env(tmp_path, WPSDESK_DEBUG="0", **{name: PUBLISHED[name][0]})
        assert_one_plain_line(wpsdesk(env, "check"), name, "published")


def test_the_local_development_keys_are_refused_in_production(tmp_path: Path) -> None:
    """A keys file left on a server: WPSDESK_DEV=0 ignores it and refuses its keys."""
    write_dev_keys(tmp_path / "dev-keys.env")
    local = read_env_file(tmp_path / "dev-keys.env")
    env = production_env(tmp_path, WPSDESK_DEV="0", WPSDESK_AUDIT_KEY=local["WPSDESK_AUDIT_KEY"])
    assert_one_plain_line(wpsdesk(env, "check"), "WPSDESK_AUDIT_KEY", "development key")


def test_a_short_key_stops_the_start_with_one_line(tmp_path: Path) -> None:
    env = production_env(tmp_path, WPSDESK_SECRET_KEY="too-short")
    assert_one_plain_line(wpsdesk(env, "check"), "WPSDESK_SECRET_KEY", "too short")


def test_a_missing_key_stops_the_start_with_one_line(tmp_path: Path) -> None:
    env = production_env(tmp_path, WPSDESK_ENCRYPTION_KEYS="<unset>")
    assert_one_plain_line(wpsdesk(env, "check"), "WPSDESK_ENCRYPTION_KEYS must be set")


def test_a_malformed_key_ring_stops_the_start_with_one_line(tmp_path: Path) -> None:
    env = production_env(tmp_path, WPSDESK_ENCRYPTION_KEYS="k1:" + "!" * 44)
    assert_one_plain_line(wpsdesk(env, "check"), "WPSDESK_ENCRYPTION_KEYS")


def test_development_mode_reads_the_local_keys_file(tmp_path: Path) -> None:
    """A new shell needs nothing exported: the file turns development mode on and gives
    the keys."""
    keys_file = tmp_path / "dev-keys.env"
    write_dev_keys(keys_file)
    audit_key = read_env_file(keys_file)["WPSDESK_AUDIT_KEY"]
    code = "from django.conf import settings; print(settings.AUDIT_HMAC_KEY)"
    show = ["shell", "--no-imports", "-c", code]
    no_keys = dict.fromkeys(DEV_KEY_NAMES, "<unset>")
    dev = production_env(tmp_path, **no_keys)
    result = wpsdesk(dev, *show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == audit_key
    # WPSDESK_DEV=0 overrides the file, which is then not read.
    production = production_env(tmp_path, WPSDESK_DEV="0", **no_keys)
    assert_one_plain_line(wpsdesk(production, *show), "must be set")
    # Without the file, nothing exported means production.
    keys_file.unlink()
    assert_one_plain_line(wpsdesk(production_env(tmp_path, **no_keys), *show), "must be set")


def test_check_deploy_fails_in_development_mode(tmp_path: Path) -> None:
    """Everything else as in production: development mode alone fails the deploy check."""
    dev = production_env(tmp_path, WPSDESK_DEV="1")
    result = wpsdesk(dev, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "wpsdesk.E001" in result.stderr + result.stdout


def test_the_development_mode_check_is_a_deploy_error(settings) -> None:
    settings.DEV_MODE = True
    (error,) = development_mode_is_off()
    assert error.id == "wpsdesk.E001" and error.is_serious()
    settings.DEV_MODE = False
    assert development_mode_is_off() == []


def test_development_keys_are_written_once_and_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "dev-keys.env"
    assert write_dev_keys(path)
    first = path.read_text()
    assert not write_dev_keys(path)
    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys = read_env_file(path)
    assert set(keys) == {*DEV_KEY_NAMES, "WPSDESK_DEV"}
    assert keys["WPSDESK_DEV"] == "1"
    other = tmp_path / "other.env"
    write_dev_keys(other)
    assert read_env_file(other) != keys  # random per checkout


def test_the_keys_file_is_ignored_by_git() -> None:
    result = subprocess.run(
        ["git", "check-ignore", "var/dev-keys.env"], cwd=ROOT, capture_output=True, check=False
    )
    assert result.returncode == 0


def test_demo_load_refuses_outside_development_mode(db, settings) -> None:
    settings.DEV_MODE = False
    with pytest.raises(CommandError, match="development only"):
        call_command("demo", "load")
    with pytest.raises(CommandError, match="development only"):
        call_command("demo", "code", "bogota.lead")
    assert not User.objects.filter(username="admin").exists()
    settings.DEV_MODE = True
    call_command("demo", "load", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert User.objects.filter(username="admin").exists()


def test_any_bad_setting_stops_the_start_with_one_line(tmp_path: Path) -> None:
    env = production_env(tmp_path, WPSDESK_SESSION_IDLE_SECONDS="soon")
    assert_one_plain_line(wpsdesk(env, "check"), "WPSDESK_SESSION_IDLE_SECONDS")


def test_the_wsgi_server_stops_with_one_line_too(tmp_path: Path) -> None:
    env = production_env(tmp_path, WPSDESK_SECRET_KEY="<unset>")
    result = subprocess.run(
        [sys.executable, "-c", "import wpsdesk.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert_one_plain_line(result, "WPSDESK_SECRET_KEY must be set")


def test_the_demo_second_factor_secret_is_this_checkouts_own(db, settings) -> None:
    from wpsdesk.organisation.demo import demo_totp_key

    first = demo_totp_key()
    assert first != "3132333435363738393031323334353637383930"  # the published one
    settings.SECRET_KEY = new_dev_keys()["WPSDESK_SECRET_KEY"]
    assert demo_totp_key() != first
