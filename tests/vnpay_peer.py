"""A local VNPAY: the merchant protocol VNPAY publishes (version 2.1.0) served by a real HTTP server. It is written
from the protocol, not from the service's adapter (nothing of postal_service is imported), so the adapter is
checked against the protocol and not against itself: a payment page that refuses a badly signed URL, the signed
notice of a payment made on it (the IPN and the return carry the same), and the merchant API's query and refund
calls with their own signatures."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from itertools import count
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

from .peers import _serving

TMN_CODE = "POSTTEST"
HASH_SECRET = "LOCALVNPAYHASHSECRETFORTHETESTS0"
PAY_FIELDS = (
    "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode", "vnp_TxnRef",
    "vnp_OrderInfo", "vnp_OrderType", "vnp_Locale", "vnp_ReturnUrl", "vnp_IpAddr", "vnp_CreateDate",
)  # fmt: skip
QUERY = ("RequestId", "Version", "Command", "TmnCode", "TxnRef", "TransactionDate", "CreateDate", "IpAddr", "OrderInfo")
REFUND = ("RequestId", "Version", "Command", "TmnCode", "TransactionType", "TxnRef", "Amount", "TransactionNo",
          "TransactionDate", "CreateBy", "CreateDate", "IpAddr", "OrderInfo")  # fmt: skip
ANSWER = ("ResponseId", "Command", "ResponseCode", "Message", "TmnCode", "TxnRef", "Amount", "BankCode", "PayDate",
          "TransactionNo", "TransactionType", "TransactionStatus", "OrderInfo")  # fmt: skip


def _hmac(text: str) -> str:
    return hmac.new(HASH_SECRET.encode(), text.encode("utf-8"), hashlib.sha512).hexdigest()


def query_hash(params: dict[str, str]) -> str:
    """As VNPAY's samples sign a URL: the vnp_ fields but the hash, by name, each encoded as a form encodes."""
    names = sorted(k for k in params if k.startswith("vnp_") and k not in ("vnp_SecureHash", "vnp_SecureHashType"))
    return _hmac("&".join(f"{quote_plus(k)}={quote_plus(params[k])}" for k in names))


def pipe_hash(values: dict[str, Any], names: tuple[str, ...]) -> str:
    return _hmac("|".join(str(values.get("vnp_" + n, "")) for n in names))


@dataclass
class LocalVnpay:
    url: str = ""
    orders: dict[str, dict[str, str]] = field(default_factory=dict)  # TxnRef -> the pay URL's parameters
    paid: dict[str, dict[str, str]] = field(default_factory=dict)  # TxnRef -> the notice of its payment
    refunds: list[dict[str, Any]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)  # the TxnRefs asked about
    refused: list[str] = field(default_factory=list)  # why a call was refused
    numbers: Iterator[int] = field(default_factory=lambda: count(14226112))

    @property
    def pay_url(self) -> str:
        return f"{self.url}/paymentv2/vpcpay.html"

    @property
    def api_url(self) -> str:
        return f"{self.url}/merchant_webapi/api/transaction"

    def pay(self, txn_ref: str, response: str = "00", amount: int | None = None) -> dict[str, str]:
        """The citizen pays on the page opened for `txn_ref` (or fails to, `response` not 00): the signed notice
        VNPAY sends the merchant's IPN and the citizen's browser alike. `amount` (đồng) forges another amount,
        signed all the same, as a misconfigured terminal would."""
        order = self.orders.get(txn_ref, {"vnp_Amount": "100", "vnp_OrderInfo": "unknown"})
        notice = {
            "vnp_Amount": str(amount * 100) if amount is not None else order["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{next(self.numbers)}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": order["vnp_OrderInfo"],
            "vnp_PayDate": "20261123094500",
            "vnp_ResponseCode": response,
            "vnp_TmnCode": TMN_CODE,
            "vnp_TransactionNo": str(next(self.numbers)),
            "vnp_TransactionStatus": response,
            "vnp_TxnRef": txn_ref,
        }
        notice["vnp_SecureHash"] = query_hash(notice)
        if response == "00":
            self.paid[txn_ref] = notice
        return notice

    def page(self, params: dict[str, str]) -> tuple[int, str]:
        missing = [name for name in PAY_FIELDS if not params.get(name)]
        if missing or params.get("vnp_SecureHash", "").lower() != query_hash(params):
            self.refused.append(f"payment URL: missing {missing}" if missing else "payment URL: bad signature")
            return 400, "Sai chữ ký"  # VNPAY's page: an invalid signature
        if params["vnp_TmnCode"] != TMN_CODE or not params["vnp_Amount"].isdigit():
            self.refused.append("payment URL: wrong terminal or amount")
            return 400, "Sai dữ liệu"
        self.orders[params["vnp_TxnRef"]] = params
        return 200, f"VNPAY: pay {int(params['vnp_Amount']) // 100} VND for {params['vnp_OrderInfo']}"

    def merchant_api(self, body: dict[str, Any]) -> dict[str, Any]:
        command = body.get("vnp_Command")
        names = QUERY if command == "querydr" else REFUND
        if command not in ("querydr", "refund") or body.get("vnp_SecureHash") != pipe_hash(body, names):
            self.refused.append(f"{command}: bad signature")
            return self._answer(body, "97", "Invalid Checksum")
        paid = self.paid.get(str(body.get("vnp_TxnRef")))
        if command == "querydr":
            self.queries.append(str(body.get("vnp_TxnRef")))
            return self._answer(body, "00" if paid else "91", "Query success" if paid else "Not found", paid)
        if paid is None or str(body.get("vnp_Amount")) != paid["vnp_Amount"]:
            return self._answer(body, "94" if paid else "91", "Refund refused")
        self.refunds.append(body)
        return self._answer(body, "00", "Refund success", paid)

    def _answer(self, body: dict[str, Any], code: str, message: str, paid: dict[str, str] | None = None) -> dict:
        answer = {
            "vnp_ResponseId": "R" + str(body.get("vnp_RequestId", "")),
            "vnp_Command": body.get("vnp_Command", ""),
            "vnp_ResponseCode": code,
            "vnp_Message": message,
            "vnp_TmnCode": TMN_CODE,
            "vnp_TxnRef": body.get("vnp_TxnRef", ""),
            "vnp_Amount": (paid or {}).get("vnp_Amount", ""),
            "vnp_BankCode": (paid or {}).get("vnp_BankCode", ""),
            "vnp_PayDate": (paid or {}).get("vnp_PayDate", ""),
            "vnp_TransactionNo": (paid or {}).get("vnp_TransactionNo", ""),
            "vnp_TransactionType": body.get("vnp_TransactionType", "01"),
            "vnp_TransactionStatus": (paid or {}).get("vnp_TransactionStatus", ""),
            "vnp_OrderInfo": body.get("vnp_OrderInfo", ""),
        }
        names = ANSWER + (("PromotionCode", "PromotionAmount") if body.get("vnp_Command") == "querydr" else ())
        answer["vnp_SecureHash"] = pipe_hash(answer, names)
        return answer


@contextmanager
def local_vnpay() -> Iterator[LocalVnpay]:
    vnpay = LocalVnpay()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
            with lock:
                status, text = vnpay.page(params)
            self._send(status, "text/plain; charset=utf-8", text.encode())

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                answer = vnpay.merchant_api(body)
            self._send(200, "application/json", json.dumps(answer).encode())

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    with _serving(Handler) as url:
        vnpay.url = url
        yield vnpay
