"""The office's figures on a page: the period and grouping chosen in a form, a chart of the volumes drawn as SVG,
the tables, and the CSV and XLSX exports."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from flask import render_template, request

from postal_service.domain.access import Capability
from postal_service.domain.periods import Bucket
from postal_service.queries.kpis import office_kpis

from ..charts import HEIGHT, WIDTH, stacked_bars
from ..requests_context import context
from .common import day_arg, staff_page
from .dispatch import bp, staff_office


@bp.get("/kpis")
@staff_page(Capability.READ_KPIS)
def kpis() -> str:
    ctx = context()
    office = staff_office(ctx)
    last = day_arg("last_day", ctx.today)
    first = day_arg("first_day", last - timedelta(days=29))
    chosen = request.args.get("bucket", "")
    bucket = Bucket(chosen) if chosen in set(Bucket) else Bucket.DAY
    figures = office_kpis(ctx, office, first, last, bucket)
    labels = [v.period.strftime("%d/%m") for v in figures.volumes]
    series = [[getattr(v, s) for v in figures.volumes] for s in ("send", "receive", "both")]
    query = urlencode({"first_day": first, "last_day": last, "bucket": bucket.value})
    return render_template(
        "dispatch/kpis.html",
        office=office,
        k=figures,
        chart=stacked_bars(labels, series),
        chart_size=(WIDTH, HEIGHT),
        buckets=list(Bucket),
        query=query,
    )
