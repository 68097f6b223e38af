"""Benchmark command: `python -m routing.benchmarks.bench DIR --format li-lim|solomon --time-limit S --out results.csv
--solutions SOLDIR [--compare vroom,pyvrp]`. It prints numbers; it asserts nothing."""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem
from ..peers import pyvrp_routes
from ..planner import plan
from ..vroom_peer import vroom_routes
from .instances import Instance, check, read_bks, read_li_lim, read_solomon, route_distance, to_problem

READERS = {"li-lim": read_li_lim, "solomon": read_solomon}


@dataclass
class Row:
    solver: str
    instance: str
    vehicles: int
    distance: float
    seconds: float
    feasible: bool
    bks_vehicles: int | None
    bks_distance: float | None

    @property
    def gap(self) -> float | None:
        if self.bks_distance is None or self.bks_vehicles != self.vehicles:
            return None
        return 100 * (self.distance - self.bks_distance) / self.bks_distance


def ours(problem: Problem, seconds: float, seed: int) -> list[list[str]]:
    result = plan(problem, seconds, seed)
    return [[v.task_id for v in r.visits] for r in result.routes]


SOLVERS: dict[str, Callable[[Problem, float, int], list[list[str]]]] = {
    "ours": ours,
    "pyvrp": lambda problem, seconds, seed: pyvrp_routes(problem, seconds, seed),
    "vroom": lambda problem, seconds, seed: vroom_routes(problem, exploration=5, threads=2),
}


def run(
    solver: str,
    instance: Instance,
    seconds: float,
    seed: int,
    bks: dict[str, tuple[int, float]],
    solutions: Path | None,
) -> Row:
    problem = to_problem(instance)
    began = time.monotonic()
    routes = [[int(t) for t in r] for r in SOLVERS[solver](problem, seconds, seed) if r]
    elapsed = time.monotonic() - began
    problems = check(instance, routes)
    if solutions is not None:
        folder = solutions / solver
        folder.mkdir(parents=True, exist_ok=True)
        text = "".join(f"Route {n} : {' '.join(map(str, r))}\n" for n, r in enumerate(routes, start=1))
        (folder / f"{instance.name}.txt").write_text(text)
    known = bks.get(instance.name.lower())
    return Row(
        solver,
        instance.name,
        len(routes),
        route_distance(instance, routes),
        elapsed,
        not problems,
        known[0] if known else None,
        known[1] if known else None,
    )


def summary(rows: list[Row], solver: str) -> str:
    mine = [r for r in rows if r.solver == solver]
    gaps = [r.gap for r in mine if r.gap is not None]
    mean_gap = f"{sum(gaps) / len(gaps):.3f}% on {len(gaps)}" if gaps else "n/a"
    return (
        f"{solver:>6}: vehicles {sum(r.vehicles for r in mine)}, distance {sum(r.distance for r in mine):.2f}, "
        f"feasible {sum(r.feasible for r in mine)}/{len(mine)}, mean gap where vehicles = best known {mean_gap}, "
        f"seconds {sum(r.seconds for r in mine):.1f}"
    )


def head_to_head(rows: list[Row], other: str) -> str:
    by = {(r.solver, r.instance): r for r in rows}
    names = sorted({r.instance for r in rows if r.solver == other})
    same = [n for n in names if by[("ours", n)].vehicles == by[(other, n)].vehicles]
    ours_d = sum(by[("ours", n)].distance for n in same)
    theirs = sum(by[(other, n)].distance for n in same)
    fewer = sum(by[("ours", n)].vehicles < by[(other, n)].vehicles for n in names)
    more = sum(by[("ours", n)].vehicles > by[(other, n)].vehicles for n in names)
    ratio = 100 * (ours_d - theirs) / theirs if theirs else 0.0
    return (
        f"ours vs {other}: on {len(same)} instances with equal vehicles distance {ours_d:.2f} vs {theirs:.2f} "
        f"({ratio:+.3f}%); fewer vehicles on {fewer}, more on {more}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing.benchmarks.bench", description=__doc__)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--format", choices=sorted(READERS), required=True)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--solutions", type=Path)
    parser.add_argument("--compare", default="", help="comma-separated: vroom, pyvrp")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated instance names to run")
    args = parser.parse_args(argv)
    peers = [p for p in args.compare.split(",") if p]
    unknown = set(peers) - {"vroom", "pyvrp"}
    if unknown:
        parser.error(f"--compare takes vroom and/or pyvrp, not {', '.join(sorted(unknown))}")
    suffix = ".txt"
    files = sorted(p for p in args.directory.iterdir() if p.suffix.lower() == suffix and p.stem != "bks")
    if args.only:
        wanted = {n.lower() for n in args.only.split(",")}
        files = [f for f in files if f.stem.lower() in wanted]
    bks = read_bks(args.directory)
    rows: list[Row] = []
    for path in files:
        instance = READERS[args.format](path)
        for solver in ["ours", *peers]:
            row = run(solver, instance, args.time_limit, args.seed, bks, args.solutions)
            rows.append(row)
            gap = f"{row.gap:+.2f}%" if row.gap is not None else "-"
            print(
                f"{row.instance:>8} {solver:>6} vehicles {row.vehicles:3d} distance {row.distance:10.2f} "
                f"feasible {row.feasible} gap {gap} {row.seconds:5.1f}s",
                flush=True,
            )
    if args.out:
        with args.out.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    "solver",
                    "instance",
                    "vehicles",
                    "distance",
                    "seconds",
                    "feasible",
                    "bks_vehicles",
                    "bks_distance",
                    "gap_percent",
                ]
            )
            for r in rows:
                writer.writerow(
                    [
                        r.solver,
                        r.instance,
                        r.vehicles,
                        f"{r.distance:.4f}",
                        f"{r.seconds:.2f}",
                        r.feasible,
                        r.bks_vehicles or "",
                        r.bks_distance or "",
                        "" if r.gap is None else f"{r.gap:.4f}",
                    ]
                )
    print()
    for solver in ["ours", *peers]:
        print(summary(rows, solver))
    for peer in peers:
        print(head_to_head(rows, peer))
    if bks:
        print(f"best known: vehicles {sum(bks[r.instance.lower()][0] for r in rows if r.solver == 'ours')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
