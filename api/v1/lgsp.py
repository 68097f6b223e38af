"""Orders from one-stop systems in the shape they already send the postal operator (Decision 45, via the LGSP).

Status 100: registered (ItemCode is the tracking number); 101: that OrderNumber was registered before (the same
ItemCode); an error answers its HTTP status with the one error body, to which an LGSP caller's Status, Message
and Errors ([{Field, Message}] in its own field names) are added (api/errors.py, LGSP_STATUS; every code is
declared in services/schemas/lgsp.py).
"""

from __future__ import annotations

from flask import Response
from flask_openapi3 import APIBlueprint, Tag

from postal_service.services import lgsp_orders
from postal_service.services.schemas.lgsp import ALREADY_REGISTERED, REGISTERED, LgspAnswer, LgspOrder

from ..requests_context import context
from .common import ERRORS, STAFF_OR_SYSTEM, answer

bp = APIBlueprint("lgsp", __name__, url_prefix="/api/v1/lgsp", abp_tags=[Tag(name="lgsp")], abp_responses=ERRORS)


@bp.post("/orders", responses={200: LgspAnswer}, security=STAFF_OR_SYSTEM)
def place_order(body: LgspOrder) -> Response:
    """Register an order: send the dossier, receive the result, or both. Sending it again answers 101."""
    registered, request, item_code = lgsp_orders.register(context(), body)
    status, message = (REGISTERED, "registered") if registered else (ALREADY_REGISTERED, "already registered")
    return answer(LgspAnswer(Status=status, ItemCode=item_code, Message=message, Reference=request.reference))
