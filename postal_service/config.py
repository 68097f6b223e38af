"""Settings read from the environment (every variable is listed in the README)."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from postal_service.db.files import DEFAULT_DATA_DIR
from postal_service.domain.calendar import WorkingCalendar, parse_holidays
from postal_service.domain.claims import CompensationTariff
from postal_service.domain.money import Tariff, Zone
from postal_service.domain.retention import MIN_RETENTION_DAYS, PersonalData
from postal_service.public_holidays import vietnam_public_holidays

DEV_SECRET = "dev-only-secret-change-me"
DEV_QR_KEYS = "dev1:dev-only-qr-key-change-me"
DEV_CUSTODY_KEYS = "dev1:dev-only-custody-key-change-me"
DEV_PAYMENT_SECRET = "dev-only-payment-callback-secret"
MIN_SECRET_BYTES = 32


def parse_key_ring(text: str, name: str) -> dict[str, bytes]:
    """ "id:secret,id2:secret2": the first key signs, every key verifies (rotation without breaking old data)."""
    ring: dict[str, bytes] = {}
    for item in text.split(","):
        key_id, _, secret = item.strip().partition(":")
        if not key_id or not secret or not key_id.isalnum() or len(key_id) > 16:
            raise ValueError(f"{name} is a comma-separated list of id:secret with alphanumeric ids of 16 at most")
        ring[key_id] = secret.encode()
    return ring


class Settings(BaseSettings):
    """One object carries every setting; `create_app` and the CLI each build one from the environment."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = Field("development", pattern="^(development|test|production)$")
    database_url: str = "sqlite:///postal_service.sqlite3"
    secret_key: str = Field(DEV_SECRET, min_length=1)  # never empty: an empty key signs forgeable tokens
    public_base_url: str = "http://127.0.0.1:5000"
    hotline: str = "1900 54 54 81"  # the postal operator's customer line, shown to citizens after booking
    redis_url: str | None = None  # shared throttling counters; without it each process counts alone
    data_dir: str = DEFAULT_DATA_DIR  # photos, signatures and papers, named by their SHA-256 (a shared volume)
    broker_url: str = "sqla+sqlite:///postal_service-broker.sqlite3"  # RabbitMQ in production: amqp://…
    task_queue: str = "postal"  # separates deployments (and test runs) that share one broker
    throttle_key_prefix: str = "postal"  # separates deployments that share one Redis
    throttling: bool = True  # off only for load benchmarks that must not be slowed by design
    worker_stop_seconds: float = Field(20.0, gt=0, le=25)  # a stopping worker's task in hand: finished, or handed back
    trusted_proxy_hops: int = Field(0, ge=0, le=5)  # proxies in front whose X-Forwarded-* headers are believed
    hsts: bool = False  # send Strict-Transport-Security on answers served over TLS
    metrics_token: str | None = None  # /metrics answers Prometheus only with it (Bearer); unset: /metrics is off
    qr_keys: str = DEV_QR_KEYS  # "id:secret,id2:secret2"; the first signs, all verify
    custody_keys: str = DEV_CUSTODY_KEYS  # seals custody events; the same "id:secret,..." ring, rotatable
    s10_prefix_dossier: str = Field("RH", pattern="^[A-Z]{2}$")
    s10_prefix_result: str = Field("RK", pattern="^[A-Z]{2}$")
    tariff_same_commune: int = Field(22_000, ge=0)
    tariff_same_province: int = Field(33_000, ge=0)
    tariff_other_province: int = Field(60_500, ge=0)
    transit_days_same_commune: int = Field(1, ge=1)
    transit_days_same_province: int = Field(2, ge=1)
    transit_days_other_province: int = Field(3, ge=1)
    holidays: str = ""  # days off besides the law's and those declared on the calendar page (ISO, comma-separated)
    saturday_is_working: bool = False
    delivery_max_attempts: int = Field(2, ge=1)
    attempt_gap_working_days: int = Field(1, ge=0)
    hold_working_days: int = Field(10, ge=1)
    slot_minutes: int = Field(120, ge=30)
    slot_lead_minutes: int = Field(60, ge=0)
    booking_horizon_days: int = Field(14, ge=1)
    citizen_code_ttl_minutes: int = Field(10, ge=1)
    citizen_code_max_tries: int = Field(5, ge=1)
    token_ttl_hours: int = Field(12, ge=1)
    idempotency_ttl_hours: int = Field(24, ge=1)  # how long a stored answer is replayed
    planning_seconds: float = Field(10.0, ge=1, le=600)  # the most a plan a dispatcher waits for may search
    # the most a plan the scheduler asks for may search: a worker's, nobody waiting (a 600-stop day at 0.05 s a stop)
    scheduled_planning_seconds: float = Field(30.0, ge=1, le=600)
    planning_seconds_per_stop: float = Field(0.05, gt=0, le=600)  # a day's budget grows with its stops, to that cap
    # When set, a day's search stops after this many solutions, not at a time (tests: one plan on any machine).
    planning_effort: int | None = Field(None, ge=1, le=100_000)
    planning_processes: int = Field(2, ge=1, le=2)  # cores one plan may take: 1 where a worker runs on each core
    planning_lead_minutes: int = Field(60, ge=0)
    replan_every_minutes: int = Field(15, ge=1)
    courier_notice_minutes: int = Field(60, ge=5)  # how long before the planned arrival the citizen is told
    deadline_warning_working_days: int = Field(1, ge=0)
    osrm_url: str | None = None  # an OSRM-compatible table service; without it, straight lines × circuity
    courier_envelope_capacity: int = Field(40, ge=1)
    courier_max_stops: int = Field(60, ge=1)
    sms_gateway_url: str | None = None  # a brand-name SMS gateway's HTTP JSON endpoint; unset: the development sink
    sms_gateway_user: str = ""
    sms_gateway_password: str = ""
    sms_brand_name: str = "VNPOST"
    sms_without_diacritics: bool = True  # many gateways and old phones take plain text only
    smtp_url: str | None = None  # smtp://user:password@host:port (smtps:// for TLS); unset: the development sink
    mail_from: str = "buudien@localhost"
    quiet_hours: str = Field("21:00-07:00", pattern=r"^( *|[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9])$")
    messages_per_phone_per_hour: int = Field(10, ge=1)  # beyond it, notices wait; sign-in codes have their own limit
    message_max_attempts: int = Field(8, ge=1)  # then the message is dead and shown so to staff
    webhook_max_attempts: int = Field(10, ge=1)  # tries of one webhook delivery before it is marked dead
    webhook_timeout_seconds: float = Field(10.0, gt=0, le=60)  # a receiver that does not answer in time failed
    webhook_secret_overlap_hours: int = Field(24, ge=0)  # how long the old secret still signs after a rotation
    webhook_private_receivers: bool | None = None  # may receivers be on private networks (default: not in production)
    retain_evidence_days: int = Field(365, ge=MIN_RETENTION_DAYS)  # signatures, photos, the digitised dossier
    retain_id_numbers_days: int = Field(365, ge=MIN_RETENTION_DAYS)  # counted from the day the request closed
    retain_phones_days: int = Field(365, ge=MIN_RETENTION_DAYS)  # phone, e-mail and the messages sent
    retain_addresses_days: int = Field(730, ge=MIN_RETENTION_DAYS)  # pickup and delivery addresses
    refund_rejected_fees: bool = True  # the procedure fee of a dossier refused or cancelled goes back
    refund_unused_legs: bool = True  # the charge of a leg cancelled before it was carried goes back
    claim_compensation_lost: int = Field(4, ge=0)  # compensation for a claim upheld, times the postal charge
    claim_compensation_damaged: int = Field(2, ge=0)
    claim_compensation_late: int = Field(1, ge=0)
    claim_compensation_conduct: int = Field(0, ge=0)
    # who takes online payments: "vnpay" (VNPAY's merchant protocol), "fake" (the embedded stand-in, never in
    # production), "none" (no page offers online payment); unset: the stand-in, and none in production
    payment_provider: Literal["none", "fake", "vnpay"] | None = None
    vnpay_tmn_code: str | None = Field(None, max_length=8)  # the merchant's terminal code VNPAY issued
    vnpay_hash_secret: str | None = None  # the merchant's hash secret VNPAY issued (signs every message)
    vnpay_pay_url: str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    vnpay_api_url: str = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"  # query and refund
    payment_callback_secret: str = Field(DEV_PAYMENT_SECRET, min_length=1)  # shared with the provider: signs callbacks
    payment_bank_bin: str = Field("970405", pattern=r"^\d{6}$")  # the post's bank (NAPAS BIN) for VietQR transfers
    payment_account: str = Field("1500201000000", pattern=r"^\d{6,19}$")  # the post's account receiving them

    @model_validator(mode="after")
    def _vnpay_needs_its_terminal(self) -> Settings:
        """VNPAY without the terminal and secret it issued could sign nothing: refused at start, anywhere."""
        if self.payment_provider == "vnpay" and not (self.vnpay_tmn_code and self.vnpay_hash_secret):
            raise ValueError("PAYMENT_PROVIDER=vnpay needs VNPAY_TMN_CODE and VNPAY_HASH_SECRET")
        return self

    @model_validator(mode="after")
    def _refuse_weak_secrets_in_production(self) -> Settings:
        """Production starts only with real secrets (long enough, and no development value anywhere in a ring)
        and with its limits counted in one shared store."""
        if self.environment != "production":
            return self
        problems = []
        if len(self.secret_key.encode()) < MIN_SECRET_BYTES or self.secret_key == DEV_SECRET:
            problems.append(f"SECRET_KEY must be a random value of at least {MIN_SECRET_BYTES} bytes")
        development = {**parse_key_ring(DEV_QR_KEYS, "QR_KEYS"), **parse_key_ring(DEV_CUSTODY_KEYS, "CUSTODY_KEYS")}
        for name, ring in (("QR", self.qr_key_ring), ("custody", self.custody_key_ring)):
            for key_id, secret in ring.items():
                if len(secret) < MIN_SECRET_BYTES or secret in development.values() or key_id in development:
                    problems.append(
                        f"{name} key {key_id!r} must be a random value of at least {MIN_SECRET_BYTES} bytes"
                    )
        if self.payment_callback_secret == DEV_PAYMENT_SECRET or len(self.payment_callback_secret) < MIN_SECRET_BYTES:
            problems.append(f"PAYMENT_CALLBACK_SECRET must be a random value of at least {MIN_SECRET_BYTES} bytes")
        if self.payment_provider == "fake":
            problems.append("PAYMENT_PROVIDER=fake takes no money: set vnpay, or none to offer no online payment")
        if self.metrics_token is not None and len(self.metrics_token.encode()) < MIN_SECRET_BYTES:
            problems.append(f"METRICS_TOKEN must be a random value of at least {MIN_SECRET_BYTES} bytes")
        if self.throttling and not self.redis_url:
            problems.append("REDIS_URL must be set while THROTTLING is on: each process would count its limits alone")
        if problems:
            raise ValueError("; ".join(problems) + " (refused in production)")
        return self

    @property
    def private_receivers_allowed(self) -> bool:
        """Webhook and portal receivers on loopback or private networks: development's and the tests' local
        receivers, never production's unless the operator says so (postal_service/receivers.py)."""
        if self.webhook_private_receivers is not None:
            return self.webhook_private_receivers
        return self.environment != "production"

    @property
    def online_payments(self) -> str | None:
        """The provider citizens pay online through, or None: then no page offers it."""
        chosen = self.payment_provider or ("none" if self.environment == "production" else "fake")
        return None if chosen == "none" else chosen

    @cached_property
    def qr_key_ring(self) -> dict[str, bytes]:
        return parse_key_ring(self.qr_keys, "QR_KEYS")

    @cached_property
    def custody_key_ring(self) -> dict[str, bytes]:
        return parse_key_ring(self.custody_keys, "CUSTODY_KEYS")

    @property
    def qr_active_key_id(self) -> str:
        return next(iter(self.qr_key_ring))

    @cached_property
    def retention(self) -> dict[PersonalData, int]:
        return {
            PersonalData.EVIDENCE: self.retain_evidence_days,
            PersonalData.ID_NUMBER: self.retain_id_numbers_days,
            PersonalData.PHONE: self.retain_phones_days,
            PersonalData.ADDRESS: self.retain_addresses_days,
        }

    @cached_property
    def compensation(self) -> CompensationTariff:
        return CompensationTariff(
            self.claim_compensation_lost,
            self.claim_compensation_damaged,
            self.claim_compensation_late,
            self.claim_compensation_conduct,
        )

    @cached_property
    def tariff(self) -> Tariff:
        return Tariff(self.tariff_same_commune, self.tariff_same_province, self.tariff_other_province)

    @cached_property
    def transit_days(self) -> dict[Zone, int]:
        return {
            Zone.SAME_COMMUNE: self.transit_days_same_commune,
            Zone.SAME_PROVINCE: self.transit_days_same_province,
            Zone.OTHER_PROVINCE: self.transit_days_other_province,
        }

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The law's days off for any year and the configured ones; the unit of work adds the declared days
        (`Context.calendar`)."""
        return WorkingCalendar(
            parse_holidays(self.holidays.split(",")), self.saturday_is_working, vietnam_public_holidays
        )
