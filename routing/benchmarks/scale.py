"""Realistic post-office days for scale tests, and the scale report command:
`python -m routing.benchmarks.scale --sizes 100,250,500,1000,2000 --time-limit 60 [--compare vroom,pyvrp] [--real]`.
Every plan is checked by `routing.verify` (broken: constraints it violates).

The days are `days.generate_day` (plain) and `days.real_day` (`--real`: lunch, skills, stop limits, parcels in
hand); VROOM is given the same constraints, PyVRP (which cannot carry them) only plain days.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from .. import planner
from ..model import Plan, Problem
from ..peers import pyvrp_routes
from ..verify import check
from ..vroom_peer import vroom_routes
from .days import IN_HAND_SHARE, generate_day, real_day


def _ours(problem: Problem, seconds: float) -> list[list[str]]:
    result: Plan = planner.plan(problem, seconds)
    return [[v.task_id for v in r.visits] for r in result.routes]


def _solve(solver: str, problem: Problem, seconds: float, seed: int) -> list[list[str]]:
    if solver == "ours":
        return _ours(problem, seconds)
    if solver == "pyvrp":
        return pyvrp_routes(replace(problem), seconds, seed)
    return vroom_routes(problem, exploration=5, threads=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing.benchmarks.scale", description=__doc__)
    parser.add_argument("--sizes", default="100,250,500,1000,2000")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--compare", default="vroom,pyvrp")
    parser.add_argument("--seed", type=int, default=45)
    parser.add_argument("--real", action="store_true", help="days with lunch, skills, stop limits, parcels in hand")
    parser.add_argument("--empty-hands", action="store_true", help="real days whose couriers hold no envelope")
    args = parser.parse_args(argv)
    peers = [p for p in args.compare.split(",") if p and not (args.real and p == "pyvrp")]  # PyVRP lacks them
    columns = ("couriers", "solver", "vehicles", "km", "unserved", "broken", "seconds")
    print(f"{'stops':>6} " + " ".join(f"{c:>8}" for c in columns))
    for size in (int(s) for s in args.sizes.split(",")):
        couriers = max(5, min(80, size // 25))
        if args.real:
            problem = real_day(size, couriers, args.seed, 0.0 if args.empty_hands else IN_HAND_SHARE)
        else:
            problem = generate_day(size, couriers, args.seed)
        for solver in ["ours", *peers]:
            began = time.monotonic()
            routes = _solve(solver, problem, args.time_limit, args.seed)
            seconds = time.monotonic() - began
            found = check(problem, routes)
            print(
                f"{size:6d} {couriers:8d} {solver:>8} {found.vehicles:8d} {found.metres / 1000:9.1f} "
                f"{found.unserved:8d} {len(found.violations):8d} {seconds:8.1f}",
                flush=True,
            )
            for violation in found.violations[:5]:
                print(f"       {violation}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
