"""Scale benchmark for `xlgoals merge` and `validate` against the peers a user would pick.

    python benchmarks/run.py                      # N = 100, 1000, 5000
    python benchmarks/run.py --sizes 100 1000 --jobs 2 --baseline-max 1000
    PYTHONPATH=DIR python benchmarks/run.py --source DIR   # a snapshot: git archive C xlgoals

For each N: make (or reuse) N realistic department workbooks with `generate.py` under
`--cache` (default benchmarks/.cache/N; mistakes at the seed's density, about 30 findings a
workbook), then time, in the same run and as cold processes, the peers of `baseline.py`
(pandas + openpyxl, pandas + calamine, polars + calamine, each concatenating and writing; and
a bare python-calamine read), the real CLI `xlgoals merge DIR -o OUT.xlsx -q -j JOBS` with
every check and sheet, and `xlgoals validate DIR -q` (best of `--repeat`; the 1-minute load
average is printed beside each size).
Peak memory is the summed RSS of each process tree, sampled every 50 ms from /proc. Above
`--baseline-max` workbooks the baseline runs on the first `--baseline-max` and its time is
extrapolated linearly (marked so). The merged workbook is checked: its 指标明细 sheets
(指标明细, 指标明细 (2) …) hold exactly the indicator rows the generator wrote. Also times
`xlgoals validate` on one example department as a whole process (best of 5). Prints a markdown
table and the targets; exits 1 when a target is missed or the output is wrong.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from generate import check, ensure

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "departments" / "东湖区人社局.xlsx"
PAGE = os.sysconf("SC_PAGE_SIZE")
GiB = 1024**3
SAMPLE_SECONDS = 0.05
#: workbooks read back and compared with the generator's model before timing
CHECKED = 20

#: the peers of baseline.py, by the column they head
PEERS = {"pandas + openpyxl": "openpyxl", "pandas + calamine": "calamine",
         "polars + calamine": "polars", "calamine read": "read"}  # fmt: skip

# targets (issues 9 and 17)
RATIO_AT_1000 = 5.0  # xlgoals merge against pandas + openpyxl
POLARS_AT_1000 = 1.0  # xlgoals merge at least as fast as polars + calamine
VALIDATE_OVER_READ = 2.0  # xlgoals validate within 2× the bare calamine read
SECONDS_AT_1000 = 15.0
RSS_AT_5000 = 1 * GiB
VALIDATE_SECONDS = 0.5
#: "per-workbook cost roughly constant": from one size ≥ 1000 to the next, at most this growth
PER_WORKBOOK_GROWTH = 1.3


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, summed over the process tree
    returncode: int
    stderr: str


# ------------------------------------------------------------------------- measuring


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])  # the name may hold spaces and ')'
        tree[ppid].append(int(entry.name))
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(root: int) -> int:
    """RSS of a process and all its descendants (shared pages counted in each: an upper bound)."""
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss(pid)
        stack.extend(tree.get(pid, ()))
    return total


def measured(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Wall time of a cold process, and its tree's peak RSS sampled every 50 ms."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(process.pid))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = process.wait()
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    return Run(seconds, peak, returncode, stderr)


def best_of(command: list[str], times: int, env: dict[str, str] | None = None) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        best = min(best, time.perf_counter() - start)
    return best


class Failed(Exception):
    """A contender failed or wrote something wrong: the sizes measured so far still print."""


def xlgoals_command(source: Path | None = None) -> tuple[list[str], dict[str, str]]:
    """The CLI and its environment: the console script installed beside this Python (not a
    shell shim in front of it), or, with `source`, the CLI of that source tree (a snapshot,
    e.g. `git archive HEAD xlgoals | tar -x -C DIR`), which PYTHONPATH puts before the
    editable install."""
    if source is not None:
        env = {**os.environ, "PYTHONPATH": str(source.resolve())}
        # `-c` puts the working directory first on sys.path: drop it, or /work/main would win
        code = "import sys; sys.path.pop(0); from xlgoals.cli import main; main()"
        return [sys.executable, "-c", code], env
    script = Path(sys.executable).parent / "xlgoals"
    if script.exists():
        return [str(script)], None
    found = shutil.which("xlgoals")
    if found:
        return [found], None
    return [sys.executable, "-c", "from xlgoals.cli import main; main()"], None


def warm(folder: Path) -> None:
    """Read every file once, so neither contender pays for a cold disk."""
    for path in folder.glob("*.xlsx"):
        path.read_bytes()


# ------------------------------------------------------------------------- checking the output


def output_rows(path: Path) -> tuple[int, int]:
    """(data rows over the 指标明细 sheets, rows of 问题清单) of a merged workbook."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        indicators = problems = 0
        for name in workbook.sheet_names:
            if name.startswith("指标明细"):
                indicators += _data_rows(workbook, name, "三级指标")
            elif name == "问题清单":
                problems = _data_rows(workbook, name, "代码")
    finally:
        workbook.close()
    return indicators, problems


def _data_rows(workbook, sheet: str, header: str) -> int:
    rows = workbook.get_sheet_by_name(sheet).to_python()
    first = next((n + 1 for n, row in enumerate(rows) if header in row), 0)
    return sum(1 for row in rows[first:] if any(v not in ("", None) for v in row))


# ------------------------------------------------------------------------- one size


@dataclass
class Result:
    count: int
    indicators: int
    written: int  # indicator rows found in the output
    problems: int
    #: peer → seconds for all N workbooks (extrapolated when sampled), None when not run
    peers: dict[str, float | None]
    baseline_rss: int | None  # pandas + openpyxl's peak RSS
    baseline_sample: int | None  # workbooks the peers read, when fewer than count
    xlgoals: Run  # the best of --repeat runs; peak RSS the highest of them
    validate: float  # xlgoals validate DIR, best of --repeat
    load: float  # 1-minute load average when the first xlgoals run started

    @property
    def baseline_seconds(self) -> float | None:
        return self.peers.get("pandas + openpyxl")


def measure(count: int, args: argparse.Namespace, scratch: Path) -> Result:
    folder = args.cache / str(count)
    print(f"[N={count}] workbooks in {folder} …", file=sys.stderr, flush=True)
    manifest = ensure(folder, count, args.seed, args.gen_jobs)
    state = "reused" if manifest["reused"] else f"generated in {manifest['seconds']} s"
    print(f"[N={count}] {manifest['indicators']} indicators, {state}", file=sys.stderr)
    sample = sorted({round(n * (count - 1) / (CHECKED - 1)) for n in range(CHECKED)})
    differences = check(folder, args.seed, sample)
    if differences:
        raise Failed("the reader does not read back what was generated:\n" + "\n".join(differences))
    warm(folder)
    load = os.getloadavg()[0]
    xlgoals = _merge(folder, count, args, scratch / f"merged-{count}.xlsx")
    written, problems = output_rows(scratch / f"merged-{count}.xlsx")
    validate = _validate(folder, count, args)
    peers: dict[str, float | None] = dict.fromkeys(PEERS)
    baseline_rss = sample = None
    if args.baseline_max > 0:
        sample = min(count, args.baseline_max)
        for peer, engine in PEERS.items():
            out = scratch / f"{engine}-{count}.xlsx"
            command = [sys.executable, str(HERE / "baseline.py"), str(folder), "-o", str(out),
                       "--limit", str(sample), "--engine", engine]  # fmt: skip
            print(f"[N={count}] {peer} on {sample} workbooks …", file=sys.stderr, flush=True)
            run = measured(command)
            out.unlink(missing_ok=True)
            if run.returncode != 0:
                raise Failed(f"{peer} failed ({run.returncode}):\n{run.stderr}")
            peers[peer] = run.seconds * count / sample
            if engine == "openpyxl":
                baseline_rss = run.peak_rss
        sample = sample if sample < count else None
    result = Result(count, manifest["indicators"], written, problems, peers, baseline_rss,
                    sample, xlgoals, validate, load)  # fmt: skip
    print(table([result]).splitlines()[-1], file=sys.stderr, flush=True)
    return result


def _validate(folder: Path, count: int, args: argparse.Namespace) -> float:
    command, env = xlgoals_command(args.source)
    command += ["validate", str(folder), "--format", "json"]
    print(f"[N={count}] {' '.join(command)} (best of {args.repeat})", file=sys.stderr, flush=True)
    return best_of(command, args.repeat, env)


def _merge(folder: Path, count: int, args: argparse.Namespace, out: Path) -> Run:
    command, env = xlgoals_command(args.source)
    command += ["merge", str(folder), "-o", str(out), "-q", "-j", str(args.jobs)]
    print(f"[N={count}] {' '.join(command)} (best of {args.repeat})", file=sys.stderr, flush=True)
    runs = []
    for _ in range(args.repeat):
        out.unlink(missing_ok=True)
        run = measured(command, env)
        if run.returncode != 0:
            raise Failed(f"xlgoals merge failed at N={count} ({run.returncode}):\n{run.stderr}")
        print(f"[N={count}]   {run.seconds:.1f} s, {_mib(run.peak_rss)}", file=sys.stderr)
        runs.append(run)
    best = min(runs, key=lambda r: r.seconds)
    return Run(best.seconds, max(r.peak_rss for r in runs), 0, best.stderr)


# ------------------------------------------------------------------------- reporting


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f} MiB"


def table(results: list[Result]) -> str:
    head = (
        "| N | indicator rows | findings/workbook | xlgoals merge s | "
        + " | ".join(f"{peer} s" for peer in PEERS)
        + " | xlgoals validate s | ms/workbook (merge) | xlgoals peak RSS | load |"
    )
    lines = [head, "|" + "---|" * (8 + len(PEERS))]
    for r in results:
        x = r.xlgoals.seconds
        cells = []
        for peer in PEERS:
            seconds = r.peers.get(peer)
            if seconds is None:
                cells.append("not run")
                continue
            mark = "*" if r.baseline_sample else ""
            cells.append(f"{seconds:,.1f}{mark} ({seconds / x:.2f}×)")
        lines.append(
            f"| {r.count:,} | {r.indicators:,} | {r.problems / r.count:.1f} | {x:,.1f} | "
            + " | ".join(cells)
            + f" | {r.validate:,.1f} | {x / r.count * 1000:.1f} | {_mib(r.xlgoals.peak_rss)} "
            f"| {r.load:.1f} |"
        )
    if any(r.baseline_sample for r in results):
        lines.append("")
        lines.append("\\* extrapolated from the first `--baseline-max` workbooks")
    return "\n".join(lines)


def targets(results: list[Result], validate_seconds: float) -> list[tuple[str, str, bool | None]]:
    """(target, measured, passed); passed is None when the size it needs was not run."""
    by_count = {r.count: r for r in results}
    at_1000, at_5000 = by_count.get(1000), by_count.get(5000)
    found: list[tuple[str, str, bool | None]] = []
    for peer, goal in (("pandas + openpyxl", RATIO_AT_1000), ("polars + calamine", POLARS_AT_1000)):
        name = f"N=1000 {peer} / xlgoals merge ≥ {goal:g}"
        seconds = at_1000.peers.get(peer) if at_1000 else None
        if seconds:
            ratio = seconds / at_1000.xlgoals.seconds  # type: ignore[union-attr]
            found.append((name, f"{ratio:.2f}×", ratio >= goal))
        else:
            found.append((name, "not run", None))
    name = f"N=1000 xlgoals validate ≤ {VALIDATE_OVER_READ:g}× calamine read"
    read = at_1000.peers.get("calamine read") if at_1000 else None
    if read:
        ratio = at_1000.validate / read  # type: ignore[union-attr]
        found.append((name, f"{ratio:.2f}×", ratio <= VALIDATE_OVER_READ))
    else:
        found.append((name, "not run", None))
    name = f"N=1000 xlgoals < {SECONDS_AT_1000:g} s"
    if at_1000:
        seconds = at_1000.xlgoals.seconds
        found.append((name, f"{seconds:.1f} s", seconds < SECONDS_AT_1000))
    else:
        found.append((name, "not run", None))
    largest = max(results, key=lambda r: r.count, default=None)
    at_5000 = largest if largest and largest.count >= 5000 else at_5000
    name = f"N={at_5000.count if at_5000 else 5000} xlgoals peak RSS < 1 GiB"
    if at_5000:
        found.append((name, _mib(at_5000.xlgoals.peak_rss), at_5000.xlgoals.peak_rss < RSS_AT_5000))
    else:
        found.append((name, "not run", None))
    per = [(r.count, r.xlgoals.seconds / r.count * 1000) for r in results if r.count >= 1000]
    growth = [later / earlier for (_, earlier), (_, later) in pairwise(per)]
    found.append((
        f"ms/workbook roughly constant (≤ {PER_WORKBOOK_GROWTH}× per step, N ≥ 1000)",
        ", ".join(f"N={n}: {ms:.1f} ms" for n, ms in per) or "needs two sizes ≥ 1000",
        all(g <= PER_WORKBOOK_GROWTH for g in growth) if growth else None,
    ))  # fmt: skip
    name = f"validate one department < {VALIDATE_SECONDS} s (whole process, best of 5)"
    found.append((name, f"{validate_seconds:.2f} s", validate_seconds < VALIDATE_SECONDS))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="xlgoals merge -j")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=1000,
        help="above this N the baseline runs on this many and is extrapolated; 0 skips it",
    )
    parser.add_argument("--repeat", type=int, default=3, help="xlgoals runs per N (best kept)")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gen-jobs", type=int, default=os.cpu_count(), help="generator processes")
    parser.add_argument("--source", type=Path, default=None,
                        help="run xlgoals from this source tree (a snapshot) instead of the "
                             "installed one")  # fmt: skip
    args = parser.parse_args(argv)
    load = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    command, env = xlgoals_command(args.source)
    probe = "import sys; sys.path.pop(0); import xlgoals; print(xlgoals.__file__)"
    where = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    print(f"{os.cpu_count()} CPUs, load {load}; xlgoals -j {args.jobs} from "
          f"{where.stdout.strip()}", file=sys.stderr)  # fmt: skip
    results: list[Result] = []
    failure = None
    with tempfile.TemporaryDirectory(prefix="xlgoals-scale-") as scratch:
        try:
            for count in sorted(args.sizes):
                results.append(measure(count, args, Path(scratch)))
        except Failed as exc:
            failure = str(exc)
    validate_seconds = best_of([*command, "validate", str(EXAMPLE)], 5, env)
    print()
    print(table(results))
    print()
    wrong = [r for r in results if r.written != r.indicators]
    for r in wrong:
        print(f"WRONG OUTPUT N={r.count}: 指标明细 holds {r.written:,} rows, the generator wrote "
              f"{r.indicators:,}")  # fmt: skip
    missed = False
    print("| target | measured | result |\n|---|---|---|")
    for name, value, passed in targets(results, validate_seconds):
        result = "not run" if passed is None else "pass" if passed else "MISSED"
        missed |= passed is False
        print(f"| {name} | {value} | {result} |")
    print(f"\nload after: {'{:.2f} {:.2f} {:.2f}'.format(*os.getloadavg())}", file=sys.stderr)
    if failure:
        print(f"\nFAILED: {failure}")
    return 1 if missed or wrong or failure else 0


if __name__ == "__main__":
    sys.exit(main())
