"""Configuration from the environment (12-factor) with safe defaults.

Development needs no configuration at all: the SQLite database and a generated
secret key live under ``instance/``. Production (``LTI_TOOL_ENV=production``) is checked
strictly: it refuses to start without a long ``SECRET_KEY`` and an https ``BASE_URL``,
with the development LMS switched on, or with a short ``ADMIN_TOKEN``. Every refusal is
one readable line (:func:`exit_on_configuration_error`), never a traceback.
"""

from __future__ import annotations

import os
import secrets
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "production")
MIN_SECRET_LENGTH = 32
CONFIGURATION_EXIT_STATUS = 2
# Development talks to its own development LMS on the loopback interface.
DEVELOPMENT_EGRESS_HOSTS = "localhost,127.0.0.1"


class ConfigurationError(RuntimeError):
    """Raised when the environment does not describe a startable tool."""


def exit_on_configuration_error(error: ConfigurationError) -> NoReturn:
    """One line on standard error and exit status 2: what ``lti-tool`` and ``create_app`` do."""
    print(f"lti-tool: configuration error: {error}", file=sys.stderr)
    sys.stderr.flush()
    raise SystemExit(CONFIGURATION_EXIT_STATUS)


def _flag(value: str | None, default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _hosts(value: str | None, default: str) -> tuple[str, ...]:
    """A comma-separated host list; unset means ``default``, empty means none."""
    text = default if value is None else value
    return tuple(host.strip().lower() for host in text.split(",") if host.strip())


def _number(env: dict[str, str], name: str, default: int, minimum: int = 0) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        at_least = f" of at least {minimum}" if minimum else ""
        raise ConfigurationError(f"{name} must be a whole number{at_least}, not '{value}'.")
    return int(value)


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ConfigurationError(f"{name} must be a number of seconds, not '{value}'.")
    return seconds


def _environment(value: str | None) -> str:
    environment = (value or "development").strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(
            f"LTI_TOOL_ENV must be 'development' or 'production', not '{value}'.")
    return environment


def _check_base_url(base_url: str, production: bool) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"BASE_URL must be a full URL such as https://tool.example.nl, "
                                 f"not '{base_url}'.")
    if production and parts.scheme != "https":
        raise ConfigurationError("BASE_URL must start with https:// in production.")


def _check_production(env: dict[str, str], secret_key: str, base_url: str, admin_token: str) -> None:
    missing = [name for name, value in (("SECRET_KEY", secret_key), ("BASE_URL", base_url))
               if not value]
    if missing:
        raise ConfigurationError("Production needs these environment variables: " + ", ".join(missing))
    if len(secret_key) < MIN_SECRET_LENGTH:
        raise ConfigurationError(f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters long.")
    if _flag(env.get("DEVLMS_ENABLED")):
        raise ConfigurationError("DEVLMS_ENABLED must be off in production: the development LMS "
                                 "lets anyone sign in as any user.")
    if admin_token and len(admin_token) < MIN_SECRET_LENGTH:
        raise ConfigurationError(f"ADMIN_TOKEN must be at least {MIN_SECRET_LENGTH} characters long "
                                 "(or unset, which switches the admin pages off).")


def _secret_key_from_instance(instance_dir: Path) -> str:
    """Generate the development secret once and keep it in ``instance/``."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@dataclass(frozen=True)
class OutboxSettings:
    """The outbox worker's tuning (``OUTBOX_*``); the defaults suit production."""

    max_attempts: int = 12            # tries before a message is dead-lettered
    batch_size: int = 50              # xAPI statements per POST
    claim_limit: int = 200            # messages one worker takes per round
    lease_seconds: float = 120.0      # a claimed message is due again after this (worker died)
    base_delay_seconds: float = 10.0  # first retry; doubles per attempt, with jitter
    max_delay_seconds: float = 3600.0
    held_delay_seconds: float = 3600.0  # wait after 'wrong credentials'
    breaker_threshold: int = 5        # consecutive failures that open a target's circuit
    breaker_cooldown_seconds: float = 60.0

    @classmethod
    def from_env(cls, env: dict[str, str]) -> OutboxSettings:
        defaults = cls()
        return cls(
            max_attempts=_number(env, "OUTBOX_MAX_ATTEMPTS", defaults.max_attempts, minimum=1),
            batch_size=_number(env, "OUTBOX_BATCH_SIZE", defaults.batch_size, minimum=1),
            claim_limit=_number(env, "OUTBOX_CLAIM_LIMIT", defaults.claim_limit, minimum=1),
            lease_seconds=_seconds(env, "OUTBOX_LEASE_SECONDS", defaults.lease_seconds),
            base_delay_seconds=_seconds(env, "OUTBOX_BASE_DELAY_SECONDS", defaults.base_delay_seconds),
            max_delay_seconds=_seconds(env, "OUTBOX_MAX_DELAY_SECONDS", defaults.max_delay_seconds),
            held_delay_seconds=_seconds(env, "OUTBOX_HELD_DELAY_SECONDS", defaults.held_delay_seconds),
            breaker_threshold=_number(env, "OUTBOX_BREAKER_THRESHOLD", defaults.breaker_threshold,
                                      minimum=1),
            breaker_cooldown_seconds=_seconds(env, "OUTBOX_BREAKER_COOLDOWN_SECONDS",
                                              defaults.breaker_cooldown_seconds),
        )


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    base_url: str = "http://127.0.0.1:5000"
    database_url: str = ""
    secret_key: str = field(default="", repr=False)
    redis_url: str | None = None
    instance_dir: Path = PROJECT_ROOT / "instance"
    content_dir: Path = PROJECT_ROOT / "content_packages"
    devlms_enabled: bool = True
    devlms_base_url: str = "http://localhost:5000/devlms"
    run_worker_in_process: bool = False
    trust_proxy_headers: int = 0
    launch_token_max_age: int = 8 * 3600
    log_json: bool = True
    # Hosts the tool may call even when they resolve to a loopback or private address
    # (an LMS or LRS inside the school's own network; the development LMS).
    egress_allow_hosts: tuple[str, ...] = ()
    # HTTP Basic password of the operator's pages under /admin; empty: those pages do not exist.
    admin_token: str = field(default="", repr=False)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        environment = _environment(env.get("LTI_TOOL_ENV"))
        production = environment == "production"
        instance_dir = Path(env.get("INSTANCE_DIR", str(PROJECT_ROOT / "instance")))
        base_url = env.get("BASE_URL", "").strip().rstrip("/")
        secret_key = env.get("SECRET_KEY", "")
        admin_token = env.get("ADMIN_TOKEN", "").strip()
        if production:
            _check_production(env, secret_key, base_url, admin_token)
        else:
            secret_key = secret_key or _secret_key_from_instance(instance_dir)
            base_url = base_url or "http://127.0.0.1:5000"
        _check_base_url(base_url, production)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'lti_tool.sqlite3'}"
        devlms_base = env.get("DEVLMS_BASE_URL", "").rstrip("/") or _devlms_url(base_url)
        return cls(
            environment=environment,
            base_url=base_url,
            database_url=database_url,
            secret_key=secret_key,
            redis_url=env.get("REDIS_URL") or None,
            instance_dir=instance_dir,
            content_dir=Path(env.get("CONTENT_DIR", str(PROJECT_ROOT / "content_packages"))),
            devlms_enabled=_flag(env.get("DEVLMS_ENABLED"), default=not production),
            devlms_base_url=devlms_base,
            run_worker_in_process=_flag(env.get("RUN_WORKER_IN_PROCESS")),
            trust_proxy_headers=_number(env, "TRUST_PROXY_HEADERS", 0),
            log_json=_flag(env.get("LOG_JSON"), default=True),
            admin_token=admin_token,
            egress_allow_hosts=_hosts(env.get("EGRESS_ALLOW_HOSTS"),
                                      default="" if production else DEVELOPMENT_EGRESS_HOSTS),
            outbox=OutboxSettings.from_env(env),
        )


def _devlms_url(base_url: str) -> str:
    """The development LMS runs on the same server under the *other* loopback name.

    ``localhost`` and ``127.0.0.1`` are different sites to a browser, so the tool in
    the development LMS's iframe is cross-site, exactly as in a real Moodle.
    """
    if "://127.0.0.1" in base_url:
        return base_url.replace("://127.0.0.1", "://localhost", 1) + "/devlms"
    if "://localhost" in base_url:
        return base_url.replace("://localhost", "://127.0.0.1", 1) + "/devlms"
    return base_url + "/devlms"
