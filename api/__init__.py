"""HTTP layer and composition root: nothing imports this package."""

from .app import create_app

__all__ = ["create_app"]
