"""The figures page's chart: labels that never overlap, however many days the period holds."""

import itertools

from api.charts import LABEL_ROOM, stacked_bars


def test_written_labels_stand_at_least_a_labels_width_apart_for_any_period():
    for days in (1, 7, 16, 30, 31, 92, 366):
        columns = stacked_bars([f"{d:02d}" for d in range(days)], [[1] * days])
        written = [c.x for c in columns if c.labelled]
        assert written[0] == columns[0].x
        assert all(b - a >= LABEL_ROOM - 1e-9 for a, b in itertools.pairwise(written))
