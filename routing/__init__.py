"""Route planning: a pure library (dataclasses in, dataclasses out); the only code that imports a solver."""
