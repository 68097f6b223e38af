"""Every table of the service. Status columns hold the values of the domain enums."""

from .catalogue import Agency, ApiKey, PostOffice, Procedure, User
from .network import ExchangeHub, ParcelPath, TrunkRun
from .operations import (
    S10_SERIALS,
    AccessLog,
    CashHandover,
    Claim,
    CustodyAnchor,
    DeadlineAlert,
    Evidence,
    FeeStatement,
    IdempotencyKey,
    PlanRun,
    RouteStop,
    SerialCounter,
)
from .requests import (
    CitizenCode,
    CustodyEvent,
    NationalStatusReport,
    Notification,
    OnlinePayment,
    Parcel,
    Payment,
    ServiceRequest,
)
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "S10_SERIALS",
    "AccessLog",
    "Agency",
    "ApiKey",
    "CashHandover",
    "CitizenCode",
    "Claim",
    "CustodyAnchor",
    "CustodyEvent",
    "DeadlineAlert",
    "Evidence",
    "ExchangeHub",
    "FeeStatement",
    "IdempotencyKey",
    "NationalStatusReport",
    "Notification",
    "OnlinePayment",
    "Parcel",
    "ParcelPath",
    "Payment",
    "PlanRun",
    "PostOffice",
    "Procedure",
    "RouteStop",
    "SerialCounter",
    "ServiceRequest",
    "TrunkRun",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
]
