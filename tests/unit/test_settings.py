"""Production refuses weak or development secrets; development runs on its embedded defaults."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from api.cli import main
from postal_service.config import DEV_QR_KEYS, Settings

STRONG = "s" * 40


def production(**values: str) -> Settings:
    return Settings(environment="production", _env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "values",
    [
        {"secret_key": "", "qr_keys": f"k1:{STRONG}"},
        {"secret_key": STRONG, "qr_keys": f"k1:{STRONG}", "custody_keys": "c1:short"},
        {"secret_key": "short-secret", "qr_keys": f"k1:{STRONG}"},
        {"qr_keys": f"k1:{STRONG}"},  # the development SECRET_KEY
        {"secret_key": STRONG},  # the development QR key ring
        {"secret_key": STRONG, "qr_keys": f"k1:{STRONG},{DEV_QR_KEYS}"},  # a development key appended
        {"secret_key": STRONG, "qr_keys": f"k1:{STRONG},k2:short"},
    ],
)
def test_production_refuses_a_weak_or_development_secret(values):
    with pytest.raises(ValidationError, match=r"refused in production|at least 1 character"):
        production(**values)


def test_an_empty_secret_key_is_refused_everywhere():
    with pytest.raises(ValidationError):
        Settings(secret_key="", _env_file=None)  # type: ignore[call-arg]


def test_production_starts_with_long_random_secrets():
    strong = production(
        secret_key=STRONG,
        qr_keys=f"k1:{STRONG},k2:{'t' * 32}",
        custody_keys=f"c1:{'c' * 32}",
        payment_callback_secret="p" * 32,
        redis_url="redis://127.0.0.1:6379/0",
    )
    assert strong.qr_active_key_id == "k1" and list(strong.custody_key_ring) == ["c1"]


def test_production_refuses_throttling_without_a_shared_store_for_its_counters():
    strong = {"secret_key": STRONG, "qr_keys": f"k1:{STRONG}", "custody_keys": f"c1:{'c' * 32}"}
    with pytest.raises(ValidationError, match="REDIS_URL must be set"):
        production(**strong, payment_callback_secret="p" * 32)
    assert not production(**strong, payment_callback_secret="p" * 32, throttling="false").throttling


def test_production_refuses_the_development_custody_key():
    with pytest.raises(ValidationError, match="custody key 'dev1'"):
        production(secret_key=STRONG, qr_keys=f"k1:{STRONG}")


def test_production_refuses_the_development_payment_secret():
    with pytest.raises(ValidationError, match="PAYMENT_CALLBACK_SECRET"):
        production(secret_key=STRONG, qr_keys=f"k1:{STRONG}", custody_keys=f"c1:{STRONG}")


def test_demo_data_is_never_loaded_in_production(monkeypatch):
    strong = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": STRONG,
        "QR_KEYS": f"k1:{STRONG}",
        "CUSTODY_KEYS": f"c:{STRONG}",
        "PAYMENT_CALLBACK_SECRET": STRONG,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    for name, value in strong.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    result = CliRunner().invoke(main, ["demo-data"])
    assert result.exit_code == 1 and "never loaded in production" in result.output


def test_production_refuses_a_short_metrics_token_and_takes_a_long_one():
    strong = {
        "secret_key": STRONG,
        "qr_keys": f"k1:{STRONG}",
        "custody_keys": f"c1:{'c' * 32}",
        "payment_callback_secret": "p" * 32,
        "throttling": "false",
    }
    with pytest.raises(ValidationError, match="METRICS_TOKEN must be a random value"):
        production(**strong, metrics_token="local-metrics-token")
    assert production(**strong, metrics_token="m" * 32).metrics_token == "m" * 32


def test_online_payment_is_the_stand_in_in_development_and_nothing_in_production_unless_a_provider_is_set():
    strong = {
        "secret_key": STRONG,
        "qr_keys": f"k1:{STRONG}",
        "custody_keys": f"c1:{STRONG}",
        "payment_callback_secret": STRONG,
        "throttling": "false",
    }
    assert Settings(_env_file=None).online_payments == "fake"  # type: ignore[call-arg]
    assert production(**strong).online_payments is None
    assert production(**strong, payment_provider="none").online_payments is None
    vnpay = production(**strong, payment_provider="vnpay", vnpay_tmn_code="POST0001", vnpay_hash_secret=STRONG)
    assert vnpay.online_payments == "vnpay"
    with pytest.raises(ValidationError, match="PAYMENT_PROVIDER=fake takes no money"):
        production(**strong, payment_provider="fake")
    with pytest.raises(ValidationError, match="VNPAY_TMN_CODE and VNPAY_HASH_SECRET"):
        production(**strong, payment_provider="vnpay")
