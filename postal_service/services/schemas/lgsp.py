"""An order in the shape one-stop systems send the postal operator for Decision 45 (through the LGSP).

The field names are theirs. The post adds two fields they may send, the sender's and the receiver's ID numbers,
because the courier checks the citizen's ID at each handover; an order without the one it needs is refused.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .booking import Service
from .fields import Clean, DossierCode, IdNumber, LongText, Phone, ProvinceCode, Telephone, Text

# The Status codes of the answers, each declared once (api/errors.py maps HTTP errors onto the error codes).
REGISTERED, ALREADY_REGISTERED = 100, 101
INVALID, NOT_YOURS, NO_SLOT, NOT_FOUND, NO_CREDENTIALS, TOO_MANY, OTHER = 102, 103, 104, 105, 106, 107, 199


class LgspOrder(Clean):
    model_config = ConfigDict(populate_by_name=True)

    order_number: DossierCode = Field(alias="OrderNumber", description="the dossier code of the one-stop system")
    item_code: str | None = Field(
        None, alias="ItemCode", max_length=32, description="the post issues it: empty, or the one it answered before"
    )
    service_type: Service = Field(alias="ServiceType")
    procedure_code: str = Field(alias="ProcedureCode", min_length=1, max_length=32)
    sender_fullname: Text | None = Field(None, alias="SenderFullname")
    sender_tel: Telephone | None = Field(
        None, alias="SenderTel", description="a mobile; for ServiceType receive, the agency's number (a fixed line too)"
    )
    sender_identity_number: IdNumber | None = Field(None, alias="SenderIdentityNumber")
    sender_address: Text | None = Field(None, alias="SenderAddress")
    sender_province: ProvinceCode | None = Field(None, alias="SenderProvince")
    sender_ward: int | None = Field(None, alias="SenderWard", ge=1, le=99_999)
    receiver_fullname: Text | None = Field(None, alias="ReceiverFullname")
    receiver_tel: Phone | None = Field(None, alias="ReceiverTel")
    receiver_identity_number: IdNumber | None = Field(None, alias="ReceiverIdentityNumber")
    receiver_address: Text | None = Field(None, alias="ReceiverAddress")
    receiver_province: ProvinceCode | None = Field(None, alias="ReceiverProvince")
    receiver_ward: int | None = Field(None, alias="ReceiverWard", ge=1, le=99_999)
    cod_amount: int | None = Field(
        None,
        alias="CODAmount",
        ge=0,
        le=100_000_000,
        description="đồng the courier collects for the agency: this dossier's procedure fee, at pickup (at delivery "
        "for ServiceType receive), remitted on the agency's fee statement; absent: the procedure's published fee",
    )
    documents: list[Text] = Field(
        default_factory=list,
        alias="Documents",
        max_length=50,
        description="the dossier's documents, checked at intake instead of the procedure's published list",
    )
    note: LongText | None = Field(None, alias="Note", description="shown to the courier and the agency's clerk")


class LgspAnswer(BaseModel):
    """Status 100: registered; 101: this OrderNumber was registered before (the same ItemCode)."""

    Status: int
    ItemCode: str
    Message: str
    Reference: str
