"""Fits the answers exported by `acquis simulate calibration --export` with girth's 2PL
marginal maximum likelihood (`girth.twopl_mml`) and prints the same recovery figures as
Acquis: correlation and RMSE of a and b against `--truth`, and the time of the fit.

    acquis simulate calibration --items 40 --answers-per-item 500 \
        --export /tmp/answers.csv --truth /tmp/truth.csv
    python tests/calibration/girth_compare.py /tmp/answers.csv /tmp/truth.csv [--repeat 3]

Missing answers (empty cells) are tagged with girth's INVALID_RESPONSE. The fit runs with
girth's default options (41 quadrature nodes on [-4.5, 4.5], 25 iterations); only the call to
`twopl_mml` is timed, not the loading. Not part of CI: see docs/benchmarks.md.
"""

import argparse
import csv
import time

import numpy as np
from girth import twopl_mml
from girth.utilities import INVALID_RESPONSE


def read_answers(path):
    """Items x persons matrix of 0/1, INVALID_RESPONSE where not answered."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        items = header[1:]
        rows = []
        for row in reader:
            rows.append([int(c) if c != "" else INVALID_RESPONSE for c in row[1:]])
    return items, np.array(rows, dtype=int).T


def read_truth(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["id"]: (float(r["a"]), float(r["b"])) for r in rows}


def rmse(x, y):
    return float(np.sqrt(np.mean((np.asarray(x) - np.asarray(y)) ** 2)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers")
    parser.add_argument("truth")
    parser.add_argument("--repeat", type=int, default=1, help="report the median of N fits")
    args = parser.parse_args()

    items, dataset = read_answers(args.answers)
    truth = read_truth(args.truth)
    true_a = np.array([truth[i][0] for i in items])
    true_b = np.array([truth[i][1] for i in items])

    times = []
    result = None
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        result = twopl_mml(dataset)
        times.append(time.perf_counter() - started)
    a = np.asarray(result["Discrimination"], dtype=float)
    b = np.asarray(result["Difficulty"], dtype=float)

    answered = int((dataset != INVALID_RESPONSE).sum())
    print(f"items             {dataset.shape[0]}")
    print(f"persons           {dataset.shape[1]}")
    print(f"answers           {answered}")
    print(f"corr(a)           {np.corrcoef(true_a, a)[0, 1]:.4f}")
    print(f"corr(b)           {np.corrcoef(true_b, b)[0, 1]:.4f}")
    print(f"rmse(a)           {rmse(true_a, a):.4f}")
    print(f"rmse(b)           {rmse(true_b, b):.4f}")
    print(f"fit seconds       {sorted(times)[len(times) // 2]:.4f}")


if __name__ == "__main__":
    main()
