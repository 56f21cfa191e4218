"""./bin/start: e-mailed links point at the server it starts (SITE_URL follows PORT)."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_env(**env) -> dict[str, str]:
    """What bin/start's environment is after it sourced bin/start-env, given `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL", "DEMO_TOTP_CODE")}
    out = subprocess.run(
        ["bash", "-c", 'set -euo pipefail; . bin/start-env; printf "%s\\n%s\\n" "$PORT" "$SITE_URL"'],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    return {"PORT": out[0], "SITE_URL": out[1]}


def test_links_follow_the_port_the_portal_runs_on():
    assert start_env(PORT="8801") == {"PORT": "8801", "SITE_URL": "http://127.0.0.1:8801"}


def test_the_default_port_gives_the_default_address():
    assert start_env() == {"PORT": "8000", "SITE_URL": "http://127.0.0.1:8000"}


def test_a_site_url_that_is_set_is_kept():
    assert start_env(PORT="8801", SITE_URL="https://portal.swecan.example")["SITE_URL"] == (
        "https://portal.swecan.example")


def test_bin_start_uses_it_before_it_starts_the_server():
    script = (ROOT / "bin" / "start").read_text()
    assert script.index(". bin/start-env") < script.index("manage.py runserver")
