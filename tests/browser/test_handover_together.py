"""Several envelopes in one handover from the phone: the courier's visit to a desk takes a step for every envelope
there with one tap (each scanned, or one reason for those that are not), and the clerk hands the ticked results to
one courier with one form."""

from playwright.sync_api import expect
from sqlmodel import select

from postal_service.context import Context
from postal_service.db.queries import user_by_username
from postal_service.db.tables import Parcel
from postal_service.domain.lifecycle import Action
from postal_service.services import booking
from postal_service.services.auth import actor_for_user
from postal_service.services.custody_steps import scan_and_take
from postal_service.services.schemas import BookingCreate

from ..conftest import work_session
from ..factories import AGENCY_CODE, receive_booking
from .test_offline_rejection_roles import Desk


def _ready_result(desk: Desk, number: int) -> str:
    """A receive-only result the agency marked ready at its desk."""
    body = receive_booking(f"{AGENCY_CODE}-261120-000{number}")
    with work_session(desk.engine, desk.settings) as session:
        request = booking.book(desk._ctx(session), BookingCreate.model_validate(body))
        result = session.exec(select(Parcel.tracking_number).where(Parcel.request_id == request.id)).one()
        clerk = Context(session, desk.settings, actor_for_user(user_by_username(session, "clerk")), desk.now)
        scan_and_take(clerk, result, Action.MARK_RESULT_READY)
    return result


def test_the_courier_takes_a_step_for_every_envelope_of_a_visit_with_one_tap(phones, server):
    desk = Desk(server)
    first, second = desk.picked_up()[1], desk.picked_up()[1]
    courier = phones("courier")
    courier.login("courier1")
    together = courier.page.locator('form[data-action="together-depart_to_agency"]')
    expect(together.locator("input[data-envelope]")).to_have_count(2)
    together.locator("select[data-batch-reason]").select_option("label_damaged")  # neither scanned
    courier.check("together")
    with courier.page.expect_navigation():
        together.get_by_role("button").click()
    courier.check("departed-together")
    for tracking in (first, second):
        assert desk.events(tracking)[-1] == "depart_to_agency"
    present = courier.page.locator('form[data-action="together-present_at_agency"]')
    present.locator("select[data-batch-reason]").select_option("camera_failed")
    with courier.page.expect_navigation():
        present.get_by_role("button").click()
    for tracking in (first, second):
        assert desk.events(tracking)[-1] == "present_at_agency"
    desk.engine.dispose()


def test_the_clerk_hands_the_ticked_results_to_one_courier_with_one_form(phones, server):
    desk = Desk(server)
    results = [_ready_result(desk, n) for n in range(1, 4)]
    clerk = phones("clerk")
    clerk.login("clerk")
    clerk.visit("/agency")
    form = clerk.page.locator("#offer-batch")
    clerk.page.locator(f'input[data-envelope][value="{results[2]}"]').uncheck()  # this one waits
    form.locator("select[name=courier_username]").select_option("courier2")
    clerk.check("ticked")
    with clerk.page.expect_navigation():
        form.get_by_role("button").click()
    clerk.check("offered")
    assert [desk.events(t)[-1] for t in results] == ["offer_result", "offer_result", "mark_result_ready"]
    expect(clerk.page.locator(f'input[data-envelope][value="{results[2]}"]')).to_be_visible()  # still to hand over
    desk.engine.dispose()
