"""Benchmark tooling, not imported by the planning library: readers for public instances (Li & Lim, Solomon),
generated post-office days, and the `bench` / `scale` commands that compare the planner with its peers."""
