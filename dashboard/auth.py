"""Dashboard access settings: who may open the dashboard when it is reachable beyond this machine.

Two ways, read from the environment (and ``.streamlit/secrets.toml`` for OIDC):

- ``RIVALWATCH_DASHBOARD_PASSWORD_HASH``: a salted scrypt hash made by
  ``python -m dashboard.auth`` (prompts for the password). Format
  ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>``; ``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``
  is accepted too.
- Streamlit OIDC (``st.login``): an ``[auth]`` section in ``.streamlit/secrets.toml`` with a
  ``cookie_secret`` of at least 32 characters, plus ``RIVALWATCH_DASHBOARD_ALLOWED_EMAILS``
  (comma-separated). OIDC proves who someone is; the allowlist decides whether they may look.

Without either, the dashboard only binds to loopback. This module has no Streamlit import so the
server launcher can check settings before starting anything.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

PASSWORD_HASH_ENV = "RIVALWATCH_DASHBOARD_PASSWORD_HASH"
ALLOWED_EMAILS_ENV = "RIVALWATCH_DASHBOARD_ALLOWED_EMAILS"
MIN_COOKIE_SECRET = 32
# Placeholder values copied from docs are as bad as none.
WEAK_SECRETS = frozenset({"xxx", "changeme", "secret", "your-secret", "cookie_secret", "change-me"})
SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """A salted scrypt hash of ``password`` in the format read by ``verify_password``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT, dklen=32)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time compare); malformed hashes never match."""
    try:
        scheme, *parts = stored.strip().split("$")
        if scheme == "scrypt":
            n, r, p, salt, expected = parts
            digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                    dklen=len(bytes.fromhex(expected)), maxmem=2**27)
        elif scheme == "pbkdf2_sha256":
            iterations, salt, expected = parts
            digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
        else:
            return False
        return hmac.compare_digest(digest, bytes.fromhex(expected))
    except (ValueError, TypeError):
        return False


def is_loopback(address: str | None) -> bool:
    """True for localhost / 127.0.0.0/8 / ::1; an empty address means every interface (not loopback)."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


def _secrets_files(cwd: Path) -> list[Path]:
    # The places Streamlit reads secrets from, project file last so it wins.
    return [Path.home() / ".streamlit" / "secrets.toml", cwd / ".streamlit" / "secrets.toml"]


def read_oidc_section(cwd: Path | None = None) -> dict | None:
    """The ``[auth]`` table of the Streamlit secrets files, or None."""
    merged: dict = {}
    for path in _secrets_files(cwd or Path.cwd()):
        try:
            merged |= tomllib.loads(path.read_text(encoding="utf-8")).get("auth", {})
        except (OSError, tomllib.TOMLDecodeError):
            continue
    return merged or None


def cookie_secret_problem(auth: dict | None) -> str | None:
    """Why the OIDC cookie secret is unusable (empty, short, a placeholder), or None."""
    secret = str((auth or {}).get("cookie_secret") or "")
    if len(secret) < MIN_COOKIE_SECRET:
        return f"auth.cookie_secret must be at least {MIN_COOKIE_SECRET} characters (e.g. `openssl rand -hex 32`)"
    if secret.lower() in WEAK_SECRETS or len(set(secret)) < 8:
        return "auth.cookie_secret looks like a placeholder; generate one with `openssl rand -hex 32`"
    return None


@dataclass(frozen=True)
class AuthSettings:
    """How the dashboard authenticates (``RIVALWATCH_DASHBOARD_*`` and secrets.toml ``[auth]``)."""

    password_hash: str | None = None
    allowed_emails: frozenset[str] = frozenset()
    oidc: dict | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, oidc: dict | None = None) -> "AuthSettings":
        env = os.environ if environ is None else environ
        emails = {e.strip().lower() for e in env.get(ALLOWED_EMAILS_ENV, "").split(",") if e.strip()}
        return cls(env.get(PASSWORD_HASH_ENV) or None, frozenset(emails), oidc)

    @property
    def mode(self) -> str | None:
        """``password``, ``oidc`` or None (no authentication configured)."""
        if self.password_hash:
            return "password"
        return "oidc" if self.oidc else None

    def problem(self) -> str | None:
        """Why the configured authentication cannot protect the dashboard, or None when it can."""
        if self.mode == "password":
            scheme = self.password_hash.split("$", 1)[0]
            return None if scheme in ("scrypt", "pbkdf2_sha256") else (
                f"{PASSWORD_HASH_ENV} is not a scrypt/pbkdf2 hash; create one with `python -m dashboard.auth`")
        if self.mode == "oidc":
            if not self.allowed_emails:
                return f"OIDC login needs an allowlist: set {ALLOWED_EMAILS_ENV}=alice@example.com,bob@example.com"
            return cookie_secret_problem(self.oidc)
        return (f"no authentication configured: set {PASSWORD_HASH_ENV} (python -m dashboard.auth) "
                f"or an [auth] OIDC section in .streamlit/secrets.toml plus {ALLOWED_EMAILS_ENV}")

    def email_allowed(self, email: str | None) -> bool:
        """Whether an OIDC identity is on the allowlist (case-insensitive)."""
        return bool(email) and email.strip().lower() in self.allowed_emails


def exposure_problem(address: str, settings: AuthSettings) -> str | None:
    """Why the dashboard may not serve ``address``, or None. Loopback needs nothing; any other
    address needs working authentication; configured-but-broken authentication is refused anywhere."""
    if settings.mode is not None:
        return settings.problem()
    if is_loopback(address):
        return None
    return f"refusing to serve the dashboard on {address or 'all interfaces'}: {settings.problem()}"


def main() -> int:
    """Prompt for a password twice and print its hash for ``RIVALWATCH_DASHBOARD_PASSWORD_HASH``."""
    password = getpass.getpass("Dashboard password: ")
    if len(password) < 12:
        print("error: use at least 12 characters", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != password:
        print("error: the passwords differ", file=sys.stderr)
        return 1
    print(f"export {PASSWORD_HASH_ENV}='{hash_password(password)}'")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
