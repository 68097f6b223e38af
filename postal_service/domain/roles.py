"""Who may act. The transition tables name roles; access to single objects is checked in services."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CITIZEN = "citizen"
    COURIER = "courier"
    AGENCY = "agency"  # a one-stop desk clerk or the agency's information system
    DISPATCHER = "dispatcher"  # post office staff: counter, planning, reassignment
    ADMIN = "admin"
    SYSTEM = "system"  # the scheduler acting on deadlines and holds
