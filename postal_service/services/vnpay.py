"""VNPAY's merchant protocol (version 2.1.0, as VNPAY publishes it to merchants), behind the payment adapter.

The citizen pays on VNPAY's page at a signed URL; VNPAY tells the post server-to-server (the IPN, a GET with
signed `vnp_` parameters, answered with `{"RspCode", "Message"}`) and sends the citizen's browser back to the
return URL with the same parameters. A payment URL, an IPN and a return are signed with HMAC-SHA512 of their
`vnp_` parameters sorted by name and form-encoded; the query (`querydr`) and refund calls, JSON POSTs to the
merchant API, sign their fields joined by `|` in the order the protocol lists them, and so do their answers.
Amounts travel in hundredths of a đồng.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

import httpx

from postal_service.config import Settings
from postal_service.domain.errors import Forbidden, InvalidField
from postal_service.domain.timeslots import LOCAL_TZ

from .payment_providers import Checkout, Intent

VERSION = "2.1.0"
SUCCESS = "00"  # vnp_ResponseCode and vnp_TransactionStatus of a payment that went through
PAY_WINDOW = timedelta(minutes=15)  # vnp_ExpireDate: how long the payment page takes the payment
TIMEOUT_S = 10.0
QUERY_FIELDS = (
    "RequestId", "Version", "Command", "TmnCode", "TxnRef", "TransactionDate", "CreateDate", "IpAddr", "OrderInfo",
)  # fmt: skip
QUERY_ANSWER = (
    "ResponseId", "Command", "ResponseCode", "Message", "TmnCode", "TxnRef", "Amount", "BankCode", "PayDate",
    "TransactionNo", "TransactionType", "TransactionStatus", "OrderInfo", "PromotionCode", "PromotionAmount",
)  # fmt: skip
REFUND_FIELDS = (
    "RequestId", "Version", "Command", "TmnCode", "TransactionType", "TxnRef", "Amount", "TransactionNo",
    "TransactionDate", "CreateBy", "CreateDate", "IpAddr", "OrderInfo",
)  # fmt: skip
REFUND_ANSWER = QUERY_ANSWER[:13]
FULL_REFUND = "02"  # vnp_TransactionType of a refund of the whole amount


class ProviderError(RuntimeError):
    """VNPAY did not answer, or answered unsigned or with an error: nothing was recorded; try again later."""


@dataclass(frozen=True)
class Notice:
    """What VNPAY says of a payment (an IPN, a return, a query's answer), its signature checked."""

    txn_ref: str
    amount: int  # đồng
    response_code: str
    transaction_status: str
    transaction_no: str

    @property
    def paid(self) -> bool:
        return self.response_code == SUCCESS and self.transaction_status == SUCCESS


def hash_data(params: Mapping[str, str]) -> str:
    """The signed text of a payment URL, an IPN or a return: every `vnp_` parameter but the hash itself."""
    kept = (
        (k, v) for k, v in params.items() if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType")
    )
    return urlencode(sorted(kept))


def secure_hash(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def fields_hash(secret: str, values: Mapping[str, object], names: Sequence[str]) -> str:
    """The query's and the refund's signature (and their answers'): the named fields in order, joined by |."""
    return secure_hash(secret, "|".join(str(values.get(f"vnp_{name}", "")) for name in names))


def local_stamp(moment: datetime) -> str:
    """VNPAY's dates: yyyyMMddHHmmss in Vietnam's time."""
    return moment.astimezone(LOCAL_TZ).strftime("%Y%m%d%H%M%S")


def _secret(settings: Settings) -> str:
    if not (settings.vnpay_tmn_code and settings.vnpay_hash_secret):
        raise ProviderError("VNPAY_TMN_CODE and VNPAY_HASH_SECRET are not set")
    return settings.vnpay_hash_secret


class Vnpay:
    name = "vnpay"

    def checkout(self, settings: Settings, intent: Intent, reference: str) -> Checkout:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": settings.vnpay_tmn_code or "",
            "vnp_Amount": str(intent.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": intent.intent_ref,
            "vnp_OrderInfo": f"Thanh toan {reference} {intent.intent_ref}",
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": f"{settings.public_base_url.rstrip('/')}/pay/vnpay/return",
            "vnp_IpAddr": intent.client_ip,
            "vnp_CreateDate": local_stamp(intent.created_at),
            "vnp_ExpireDate": local_stamp(intent.created_at + PAY_WINDOW),
        }
        text = hash_data(params)
        url = f"{settings.vnpay_pay_url}?{text}&vnp_SecureHash={secure_hash(_secret(settings), text)}"
        return Checkout(pay_url=url, qr_payload=url)  # the phone that scans it opens the payment page

    def read_notice(self, settings: Settings, params: Mapping[str, str]) -> Notice:
        """An IPN's or a return's parameters: 403 when not signed with the merchant's secret, 422 when malformed."""
        given = params.get("vnp_SecureHash", "").lower()
        if not hmac.compare_digest(secure_hash(_secret(settings), hash_data(params)), given):
            raise Forbidden("the notice is not signed by VNPAY (vnp_SecureHash)")
        return _notice(params)

    def query(self, settings: Settings, intent: Intent) -> Notice:
        """Ask VNPAY what became of a payment (`querydr`), when its IPN has not come."""
        body = self._call(settings, intent, "querydr", QUERY_FIELDS, QUERY_ANSWER, {})
        return _notice({k: str(v) for k, v in body.items()})

    def refund(self, settings: Settings, intent: Intent, transaction_no: str, by: str) -> None:
        """Give a whole payment back through VNPAY (a transfer that came after the amount was paid otherwise)."""
        extra = {
            "vnp_TransactionType": FULL_REFUND,
            "vnp_Amount": intent.amount * 100,
            "vnp_TransactionNo": transaction_no,
            "vnp_CreateBy": by,
        }
        self._call(settings, intent, "refund", REFUND_FIELDS, REFUND_ANSWER, extra)

    def _call(
        self,
        settings: Settings,
        intent: Intent,
        command: str,
        fields: Sequence[str],
        answer_fields: Sequence[str],
        extra: Mapping[str, object],
    ) -> dict[str, object]:
        secret = _secret(settings)
        body: dict[str, object] = {
            "vnp_RequestId": secrets.token_hex(16),
            "vnp_Version": VERSION,
            "vnp_Command": command,
            "vnp_TmnCode": settings.vnpay_tmn_code,
            "vnp_TxnRef": intent.intent_ref,
            "vnp_OrderInfo": f"{command} {intent.intent_ref}",
            "vnp_TransactionDate": local_stamp(intent.created_at),
            "vnp_CreateDate": local_stamp(datetime.now(LOCAL_TZ)),
            "vnp_IpAddr": intent.client_ip,
            **extra,
        }
        body["vnp_SecureHash"] = fields_hash(secret, body, fields)
        try:
            answer = httpx.post(settings.vnpay_api_url, json=body, timeout=TIMEOUT_S).json()
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderError(f"VNPAY's {command} did not answer: {error}") from error
        if not isinstance(answer, dict):
            raise ProviderError(f"VNPAY's {command} answered something else than an object")
        if not hmac.compare_digest(fields_hash(secret, answer, answer_fields), str(answer.get("vnp_SecureHash", ""))):
            raise ProviderError(f"VNPAY's {command} answer is not signed with the merchant's secret")
        if answer.get("vnp_ResponseCode") != SUCCESS:
            raise ProviderError(
                f"VNPAY refused the {command}: {answer.get('vnp_ResponseCode')} {answer.get('vnp_Message')}"
            )
        return answer


def _notice(params: Mapping[str, str]) -> Notice:
    try:
        amount, remainder = divmod(int(params["vnp_Amount"]), 100)
        return Notice(
            txn_ref=params["vnp_TxnRef"],
            amount=amount if remainder == 0 else -1,  # never a whole đồng: never the amount asked
            response_code=params["vnp_ResponseCode"],
            transaction_status=params.get("vnp_TransactionStatus", params["vnp_ResponseCode"]),
            transaction_no=params.get("vnp_TransactionNo", ""),
        )
    except (KeyError, ValueError) as error:
        raise InvalidField.single("vnp_Amount", f"not a VNPAY payment notice: {error}") from None
