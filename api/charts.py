"""Charts drawn on the server as SVG: the page needs no script, and prints as it shows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, BASELINE = 640, 200, 180  # the drawing's size and where its bars stand
LABEL_ROOM = 40  # the width a "dd/mm" label needs at the drawing's font size, so that no two overlap


@dataclass(frozen=True)
class Block:
    """One coloured part of one bar."""

    x: float
    y: float
    width: float
    height: float
    series: int  # which series: its colour class and legend entry
    value: int


@dataclass(frozen=True)
class Column:
    label: str
    x: float  # the middle of the bar, where its label goes
    total: int
    blocks: list[Block]
    labelled: bool  # whether its label is written: every column's when they fit, else every n-th from the first


def stacked_bars(labels: Sequence[str], series: Sequence[Sequence[int]]) -> list[Column]:
    """One bar per label, its series stacked bottom up; the tallest bar fills the height."""
    totals = [sum(values[i] for values in series) for i in range(len(labels))]
    scale = (BASELINE - 10) / max([*totals, 1])
    slot = WIDTH / max(len(labels), 1)
    every = max(1, math.ceil(LABEL_ROOM / slot))
    columns = []
    for i, label in enumerate(labels):
        y, blocks = float(BASELINE), []
        for s, values in enumerate(series):
            height = values[i] * scale
            y -= height
            if values[i]:
                blocks.append(Block(i * slot + slot * 0.15, y, slot * 0.7, height, s, values[i]))
        columns.append(Column(label, i * slot + slot / 2, totals[i], blocks, i % every == 0))
    return columns
