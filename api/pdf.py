"""Papers as PDF: a template drawn like any page, laid out by WeasyPrint with the machine's fonts (DejaVu covers
Vietnamese). Nothing is fetched while a paper renders but the images inlined in it: the service runs on closed
networks, and a paper must not reach out of the server because of something a user typed."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from flask import Response, render_template
from weasyprint import CSS, HTML, URLFetcher

_STYLE = str(files("api") / "static" / "paper.css")


def render_pdf(template: str, **context: Any) -> bytes:
    fetcher = URLFetcher(allowed_protocols=("data",))
    html = HTML(string=render_template(template, **context), url_fetcher=fetcher)
    document: bytes = html.write_pdf(stylesheets=[CSS(filename=_STYLE, url_fetcher=fetcher)])
    return document


def pdf_response(document: bytes, filename: str) -> Response:
    """Shown in the browser's viewer, printed from there; saved under a name that says what it is."""
    return Response(
        document, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{filename}"'}
    )
