"""Postal pickup and delivery of administrative dossiers (Decision 45/2016/QĐ-TTg)."""
