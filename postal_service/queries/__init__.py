"""Read models for the pages, the API and exports: one query per list, no N+1, no change of state.

The one write a query makes is the access-log line of Decree 13/2023 (who read which dossier, for what), which the
request's unit of work commits like any other.
"""
