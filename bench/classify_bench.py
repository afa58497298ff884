"""Classifier speed: model load time, throughput (texts/s on one core), p50/p99 latency per text, memory.

Texts are the seed and extra examples, cycled; every call is a full `Classifier.classify` (label, calibrated
confidence, needs_triage, reasons, tags).  Times are CPU time of this process (`time.process_time`), so other load
on the machine does not count; wall-clock throughput is printed too.  Targets: ≥ 5,000 texts/s, load ≤ 1 s.

Run: .venv/bin/python -m bench.classify_bench [--model PATH] [--texts N] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from bot.classifier.data import extra_data_path, read_rows, seed_data_path
from bot.classifier.features import prepare, prepared_keys
from bot.classifier.predict import Classifier

LOADS = 5


def _texts(n: int) -> list[str]:
    base = [row["text"] for path in (seed_data_path(), extra_data_path()) for _, row in read_rows(path)]
    return [base[i % len(base)] for i in range(n)]


def _load(path: Path | None) -> tuple[Classifier, float, int]:
    """The classifier, the best of LOADS load times, and the Python memory a load allocates at its peak."""
    times = []
    for _ in range(LOADS):
        gc.collect()
        started = time.perf_counter()
        clf = Classifier.load(path)
        times.append(time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    clf = Classifier.load(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return clf, min(times), peak


def _stage(texts: list[str], fn) -> float:  # type: ignore[no-untyped-def]
    """CPU microseconds per text of fn over the texts (best of 3)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - started)
    return best / len(texts) * 1e6


def run(path: Path | None, n: int) -> dict:
    clf, load_s, load_peak = _load(path)
    texts = _texts(n)
    for text in texts[:200]:  # warm-up
        clf.classify(text)
    latencies = []
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        started = time.process_time_ns()
        clf.classify(text)
        latencies.append(time.process_time_ns() - started)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    features = clf._features
    sample = texts[:2000]
    return {
        "model": str(path or "default"),
        "version": clf.version,
        "texts": n,
        "mean_chars": round(statistics.fmean(map(len, texts)), 1),
        "load_s": round(load_s, 4),
        "load_peak_python_mib": round(load_peak / 2**20, 1),
        "throughput_texts_per_s_cpu": round(n / cpu),
        "throughput_texts_per_s_wall": round(n / wall),
        "latency_p50_us": round(cuts[49] / 1000, 1),
        "latency_p99_us": round(cuts[98] / 1000, 1),
        "latency_max_us": round(max(latencies) / 1000, 1),
        "stages_us_per_text": {
            "features": round(_stage(sample, lambda t: prepared_keys(prepare(t, features), features)), 1),
            "probability_only": round(_stage(sample, clf.probability_app), 1),
            "classify_full": round(_stage(sample, clf.classify), 1),
        },
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="", help="model file (default: the shipped model)")
    p.add_argument("--texts", type=int, default=20_000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    result = run(Path(args.model) if args.model else None, args.texts)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"model {result['model']} ({result['version']}), {result['texts']} texts of {result['mean_chars']} chars")
    print(f"load: {result['load_s'] * 1000:.1f} ms (best of {LOADS}), peak {result['load_peak_python_mib']} MiB")
    print(
        f"throughput: {result['throughput_texts_per_s_cpu']:,} texts/s CPU on one core "
        f"({result['throughput_texts_per_s_wall']:,} texts/s wall clock)"
    )
    print(
        f"latency per text: p50 {result['latency_p50_us']} µs, p99 {result['latency_p99_us']} µs, "
        f"max {result['latency_max_us']} µs"
    )
    print("stages (µs/text): " + ", ".join(f"{k} {v}" for k, v in result["stages_us_per_text"].items()))
    print(f"memory: max RSS {result['max_rss_mib']} MiB (Python {result['python']})")


if __name__ == "__main__":
    main()
