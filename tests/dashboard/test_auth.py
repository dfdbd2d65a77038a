"""Dashboard access: password hashes, OIDC allowlist and cookie-secret checks, the launcher's refusal
to expose an unprotected dashboard, and the in-app guard that runs before any page (reliability C1-C3,
C9)."""

from __future__ import annotations

import streamlit
import pytest

from dashboard import auth
from rivalwatch.dashboard_server import run_dashboard, streamlit_command
from tests.dashboard.sample_db import build_sample_db

GOOD_SECRET = "4f1c0a9e7b2d6c3e8a5f1b7d9e0c2a4b6d8f0e1c3a5b7d9f"
OIDC = {"redirect_uri": "https://rw.example/oauth2callback", "cookie_secret": GOOD_SECRET,
        "client_id": "id", "client_secret": "s", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory) -> str:
    return build_sample_db(tmp_path_factory.mktemp("auth") / "sample.sqlite")


def test_password_hashes_verify_and_salt():
    stored = auth.hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and auth.verify_password(PASSWORD, stored)
    assert not auth.verify_password("wrong", stored)
    assert auth.hash_password(PASSWORD) != stored  # a fresh salt each time
    import hashlib

    pbkdf2 = f"pbkdf2_sha256$1000${'00' * 16}${hashlib.pbkdf2_hmac('sha256', b'pw', bytes(16), 1000).hex()}"
    assert auth.verify_password("pw", pbkdf2)
    for malformed in ("", "plain", "scrypt$1$2", "md5$x$y", "scrypt$16384$8$1$zz$zz"):
        assert not auth.verify_password(PASSWORD, malformed)


@pytest.mark.parametrize(("address", "settings", "allowed"), [
    ("127.0.0.1", auth.AuthSettings(), True),
    ("localhost", auth.AuthSettings(), True),
    ("0.0.0.0", auth.AuthSettings(), False),
    ("", auth.AuthSettings(), False),
    ("0.0.0.0", auth.AuthSettings(password_hash=auth.hash_password(PASSWORD)), True),
    ("0.0.0.0", auth.AuthSettings(password_hash="plaintext"), False),
    ("0.0.0.0", auth.AuthSettings(oidc=OIDC), False),  # no allowlist
    ("0.0.0.0", auth.AuthSettings(oidc=OIDC, allowed_emails=frozenset({"a@x.example"})), True),
    ("0.0.0.0", auth.AuthSettings(oidc=OIDC | {"cookie_secret": "short"}, allowed_emails=frozenset({"a@x"})), False),
    ("0.0.0.0", auth.AuthSettings(oidc=OIDC | {"cookie_secret": "x" * 40}, allowed_emails=frozenset({"a@x"})), False),
    ("127.0.0.1", auth.AuthSettings(oidc=OIDC | {"cookie_secret": ""}, allowed_emails=frozenset({"a@x"})), False),
])
def test_exposure_needs_working_authentication(address, settings, allowed):
    assert (auth.exposure_problem(address, settings) is None) == allowed


def test_settings_from_environment():
    settings = auth.AuthSettings.from_env({auth.ALLOWED_EMAILS_ENV: " Alice@X.example, bob@x.example ,"})
    assert settings.email_allowed("alice@x.example") and not settings.email_allowed("eve@x.example")
    assert not settings.email_allowed(None)


def test_launcher_refuses_to_expose_without_auth(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setattr(auth.Path, "home", lambda: tmp_path)
    started = []
    monkeypatch.setattr("subprocess.Popen", lambda *a, **k: started.append(a))
    assert run_dashboard(port=8599, address="0.0.0.0", database_url="sqlite://") == 1
    assert "refusing to serve the dashboard on 0.0.0.0" in capsys.readouterr().err and not started
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[auth]\ncookie_secret = "short"\n')
    monkeypatch.setenv(auth.ALLOWED_EMAILS_ENV, "a@x.example")
    assert run_dashboard(port=8599, address="0.0.0.0", database_url="sqlite://") == 1
    assert "cookie_secret" in capsys.readouterr().err and not started


def test_launcher_hides_error_details_and_keeps_xsrf():
    command = " ".join(streamlit_command(8501, "127.0.0.1"))
    assert "--client.showErrorDetails none" in command
    assert "--server.enableXsrfProtection true" in command


def test_password_gate_shows_only_the_login_form(open_app, monkeypatch, sample_url):
    monkeypatch.setenv(auth.PASSWORD_HASH_ENV, auth.hash_password(PASSWORD))
    monkeypatch.setattr("dashboard.guard.FAILED_LOGIN_DELAY_SECONDS", 0)
    for page in (None, "changes", "sources"):
        at = open_app(sample_url, page)
        assert not at.dataframe and not at.get("download_button"), page
        assert at.text_input[0].label == "Password"
    at = open_app(sample_url)
    at.text_input[0].input("guess")
    at.button[0].click().run()
    assert at.error[0].value == "Wrong password." and not at.dataframe
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert at.dataframe and not at.text_input
    at.sidebar.button(key="logout").click().run()
    assert not at.dataframe and at.text_input[0].label == "Password"


def test_exposed_without_auth_shows_no_data(open_app, sample_url):
    streamlit.config.set_option("server.address", "0.0.0.0")
    at = open_app(sample_url)
    assert "not available" in at.error[0].value and not at.dataframe


class _User(dict):
    def __init__(self, logged_in: bool, **claims):
        super().__init__(claims)
        self.is_logged_in = logged_in


@pytest.mark.parametrize(("user", "sees_data"), [
    (_User(False), False),
    (_User(True, email="eve@evil.example"), False),
    (_User(True, email="alice@x.example", email_verified=False), False),
    (_User(True, email="Alice@x.example"), True),
])
def test_oidc_gate_checks_the_allowlist(open_app, monkeypatch, sample_url, user, sees_data):
    monkeypatch.setattr("dashboard.guard._oidc_section", lambda: OIDC)
    monkeypatch.setenv(auth.ALLOWED_EMAILS_ENV, "alice@x.example")
    monkeypatch.setattr(streamlit, "user", user)
    at = open_app(sample_url)
    assert bool(at.dataframe) == sees_data
