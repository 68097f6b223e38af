"""Use cases: one function each; load rows, ask the domain, write rows and events, commit once."""
