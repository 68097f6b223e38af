"""An office's figures of each finished day, counted once by a nightly job, so that a month of figures (or the
board's thirty days of deadlines) reads a few hundred counts instead of every step taken in the period."""

from __future__ import annotations

from datetime import date

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class OfficeDayFigure(SQLModel, table=True):
    """One count of one office on one day: `figure` says what is counted (queries/day_figures.Figure), `key`
    of what (a service, an agency, a courier, a reason), `amount` a sum beside the count (hours, for a mean)."""

    __tablename__ = "office_day_figure"
    __table_args__ = (UniqueConstraint("post_office_id", "day", "figure", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    post_office_id: int = Field(foreign_key="post_office.id")
    day: date
    figure: str = Field(max_length=24)
    key: str = Field(default="", max_length=64)
    count: int = 0
    amount: float = 0.0


class FiguresRolledUp(SQLModel, table=True):
    """A day whose figures are in `office_day_figure`, for every office (a day without work has a row here and
    none there). Days are rolled up oldest first, so every day up to the latest row is counted."""

    __tablename__ = "figures_rolled_up"
    day: date = Field(primary_key=True)
