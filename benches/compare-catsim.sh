#!/usr/bin/env bash
# Compares `acquis simulate irt` with catsim (Python) on the same item bank and abilities:
# max-information selection, 30 items, fixed length; catsim with its numerical ML estimator.
# Prints both throughputs (tests per second), their ratio and both RMSEs.
#
# Usage: benches/compare-catsim.sh            (builds acquis in release mode if needed)
# Environment: ACQUIS=path/to/acquis  VENV=dir  WORK=dir  EXAMINEES=1000  SEED=2024  THREADS=1
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-${TMPDIR:-/tmp}/acquis-catsim-venv}
WORK=${WORK:-$(mktemp -d)}
EXAMINEES=${EXAMINEES:-1000}
SEED=${SEED:-2024}
THREADS=${THREADS:-1}
LENGTH=30

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check catsim numpy scipy
PY="$VENV/bin/python"

if [ -z "${ACQUIS:-}" ]; then
  (cd "$ROOT" && cargo build --quiet --release -p acquis-cli)
  ACQUIS="${CARGO_TARGET_DIR:-$ROOT/target}/release/acquis"
fi

# One bank (600 items, a lognormal around 1, b ~ N(0, 1.2)) and the abilities (N(0, 1)).
"$PY" - "$WORK" "$EXAMINEES" "$SEED" <<'PYGEN'
import sys, numpy as np
work, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(seed)
a = rng.lognormal(mean=0.0, sigma=0.25, size=600)
b = rng.normal(0.0, 1.2, size=600)
with open(f"{work}/bank.csv", "w") as f:
    f.write("id,a,b,c,d\n")
    for i in range(600):
        f.write(f"q{i},{float(a[i])!r},{float(b[i])!r},0,1\n")
theta = rng.normal(0.0, 1.0, size=n)
with open(f"{work}/abilities.csv", "w") as f:
    f.write("examinee,theta\n")
    for i in range(n):
        f.write(f"e{i},{float(theta[i])!r}\n")
PYGEN

# catsim: max-information selector, numerical (ML) estimator, 30 items, start at 0.
"$PY" - "$WORK" "$SEED" > "$WORK/catsim.txt" <<'PYCAT'
import sys, time, csv, numpy as np
from catsim.simulation import Simulator
from catsim.initialization import FixedPointInitializer
from catsim.selection import MaxInfoSelector
from catsim.estimation import NumericalSearchEstimator
from catsim.stopping import TestLengthStopper
work, seed = sys.argv[1], int(sys.argv[2])
with open(f"{work}/bank.csv") as f:
    rows = list(csv.DictReader(f))
bank = np.array([[float(r["a"]), float(r["b"]), float(r["c"]), float(r["d"])] for r in rows])
with open(f"{work}/abilities.csv") as f:
    theta = np.array([float(r["theta"]) for r in csv.DictReader(f)])
sim = Simulator(bank, theta, seed=seed)
start = time.perf_counter()
sim.simulate(FixedPointInitializer(0.0), MaxInfoSelector(), NumericalSearchEstimator(),
             TestLengthStopper(max_items=30))
elapsed = time.perf_counter() - start
est = np.array(sim.latest_estimations)
rmse = float(np.sqrt(np.mean((est - theta) ** 2)))
print(f"rmse {rmse:.4f}")
print(f"tests_per_second {len(theta) / elapsed:.1f}")
print(f"seconds {elapsed:.3f}")
PYCAT

"$ACQUIS" simulate irt --bank "$WORK/bank.csv" --abilities "$WORK/abilities.csv" \
  --selection max-info --length "$LENGTH" --initial-capacity 0 --seed "$SEED" \
  --threads "$THREADS" --out "$WORK/acquis-results.csv" > "$WORK/acquis.txt"

field() { awk -v k="$2" '$1 == k || ($1" "$2) == k || ($1" "$2" "$3) == k { print $NF }' "$1"; }
cat_tps=$(field "$WORK/catsim.txt" tests_per_second)
cat_rmse=$(field "$WORK/catsim.txt" rmse)
acq_tps=$(field "$WORK/acquis.txt" "tests per second")
acq_rmse=$(field "$WORK/acquis.txt" rmse)
ratio=$(awk -v a="$acq_tps" -v c="$cat_tps" 'BEGIN { printf "%.0f", a / c }')

echo "bank: 600 items, $EXAMINEES examinees, $LENGTH items, max-information (files in $WORK)"
printf '%-8s %16s %8s\n' engine "tests/s" rmse
printf '%-8s %16s %8s\n' catsim "$cat_tps" "$cat_rmse"
printf '%-8s %16s %8s\n' acquis "$acq_tps" "$acq_rmse"
echo "ratio: acquis is ${ratio}x faster (threads: $THREADS)"
