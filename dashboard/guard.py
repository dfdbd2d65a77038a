"""The access check ``app.py`` runs before ``st.navigation`` lets any page run.

- No authentication configured: allowed only when Streamlit is bound to loopback; otherwise the
  page says so and stops (the launcher already refuses, this covers a bare ``streamlit run``).
- Password (``RIVALWATCH_DASHBOARD_PASSWORD_HASH``): a login form; success is remembered in this
  browser session only (a new tab, reload or server restart asks again). "Log out" ends it.
- OIDC (``st.login``): after login the email must be on ``RIVALWATCH_DASHBOARD_ALLOWED_EMAILS`` and
  not marked unverified. Streamlit's identity cookie is shared by the tabs of a browser: logging out
  in one tab logs out the others on their next rerun, because the check runs on every rerun.
"""

from __future__ import annotations

import time

import streamlit as st

from dashboard.auth import AuthSettings, is_loopback, verify_password

SESSION_KEY = "rivalwatch_authenticated"
FAILED_LOGIN_DELAY_SECONDS = 1.0  # slows password guessing within a session


def _oidc_section() -> dict | None:
    if not st.secrets.load_if_toml_exists():
        return None
    auth = st.secrets.get("auth")
    return dict(auth) if auth else None


def settings() -> AuthSettings:
    """Authentication settings of this server process."""
    return AuthSettings.from_env(oidc=_oidc_section())


def require_access() -> None:
    """Stop the script unless this session may see the dashboard."""
    config = settings()
    if config.mode is None:
        if is_loopback(st.get_option("server.address")):
            return
        _refuse(config.problem())
    problem = config.problem()
    if problem:
        _refuse(problem)
    if config.mode == "password":
        _password_gate(config)
    else:
        _oidc_gate(config)


def _refuse(problem: str | None) -> None:
    st.title("RivalWatch")
    st.error(f"The dashboard is not available: {problem}")
    st.stop()


def _log_out() -> None:
    st.session_state.pop(SESSION_KEY, None)


def _password_gate(config: AuthSettings) -> None:
    if st.session_state.get(SESSION_KEY):
        st.sidebar.button("Log out", on_click=_log_out, key="logout")
        return
    st.title("RivalWatch — sign in")
    with st.form("login"):
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        if verify_password(password, config.password_hash or ""):
            st.session_state[SESSION_KEY] = True
            st.rerun()
        time.sleep(FAILED_LOGIN_DELAY_SECONDS)
        st.error("Wrong password.")
    st.stop()


def _oidc_gate(config: AuthSettings) -> None:
    user = st.user
    if not user.is_logged_in:
        st.title("RivalWatch — sign in")
        st.button("Log in", on_click=st.login, key="login")
        st.stop()
    if user.get("email_verified") is False or not config.email_allowed(user.get("email")):
        st.title("RivalWatch")
        st.error("This account is not allowed to open the dashboard. Ask an administrator to add it.")
        st.button("Log out", on_click=st.logout, key="logout")
        st.stop()
    st.sidebar.button("Log out", on_click=st.logout, key="logout")
