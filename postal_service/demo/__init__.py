"""Demo data for `make run`: a Hà Nội catalogue, staff, and requests walked through the real use cases."""

from .walks import DEMO_PASSWORD, is_empty, load

__all__ = ["DEMO_PASSWORD", "is_empty", "load"]
