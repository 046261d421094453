#!/usr/bin/env python3
"""Reference values for Heard's relative weights (Johnson 2000), computed independently with numpy.

Generates a few seeded data sets shaped like Heard's inputs (continuous scores, 0-10 and 1-5
ratings, a near-collinear pair, sparse 0/1 theme indicators with one never-mentioned theme),
writes each as a small CSV plus the expected weights under
Tests/HeardTests/Fixtures/relative-weights/, and checks the published rwa/mtcars example on the
way. The Swift tests read those files and must agree to 1e-6.

    python3 bench/relative-weights-reference.py                   # (re)write fixtures
    python3 bench/relative-weights-reference.py --heard .build/release/heard
                                                                  # also compare the CLI

Needs only python3 and numpy. The fixtures are written from the rounded values in the CSV, so
Swift and numpy see exactly the same numbers.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "HeardTests", "Fixtures")
OUT = os.path.join(FIXTURES, "relative-weights")


def relative_weights(data, target, predictors):
    """Johnson's raw weights, R^2 and standardised coefficients; constant predictors get 0."""
    columns = [target] + predictors
    matrix = data[:, columns]
    varying = matrix.std(axis=0) > 0
    kept = [i for i in range(1, len(columns)) if varying[i]]
    r = np.corrcoef(matrix[:, [0] + kept], rowvar=False)
    rxx, rxy = r[1:, 1:], r[1:, 0]
    values, vectors = np.linalg.eigh(rxx)
    half = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta_star = np.linalg.solve(half, rxy)
    raw_kept = (half ** 2) @ (beta_star ** 2)
    coefficients_kept = np.linalg.solve(rxx, rxy)
    raw = np.zeros(len(predictors))
    coefficients = np.zeros(len(predictors))
    for position, column in enumerate(kept):
        raw[column - 1] = raw_kept[position]
        coefficients[column - 1] = coefficients_kept[position]
    return raw, coefficients, raw.sum()


def correlated_normals(rng, n, p):
    loadings = rng.normal(size=(p, p)) * rng.uniform(0.2, 1.0, size=p)
    return rng.normal(size=(n, p)) @ loadings


def to_rating(latent, low, high):
    """Latent scores cut at their quantiles into integer ratings low...high."""
    cuts = np.quantile(latent, np.linspace(0, 1, high - low + 2)[1:-1])
    return low + np.searchsorted(cuts, latent)


def continuous(rng):
    x = correlated_normals(rng, 500, 5)
    y = x @ np.array([0.6, -0.3, 0.0, 0.25, 0.1]) + rng.normal(size=500) * 1.5
    return ["x1", "x2", "x3", "x4", "x5"], np.column_stack([y, x]), 4


def ratings(rng):
    latent = correlated_normals(rng, 2000, 12)
    effects = rng.uniform(-0.2, 0.6, size=12)
    outcome = latent @ effects + rng.normal(size=2000) * 2.0
    y = to_rating(outcome, 0, 10)
    x = np.column_stack([to_rating(latent[:, j], 1, 5) for j in range(12)])
    return [f"q{j + 1}" for j in range(12)], np.column_stack([y, x]), 0


def collinear(rng):
    x = correlated_normals(rng, 400, 5)
    twin = x[:, 0] + rng.normal(size=400) * 0.05  # r about 0.999 with x1
    x = np.column_stack([x[:, 0], twin, x[:, 1:]])
    y = x @ np.array([0.4, 0.4, -0.2, 0.1, 0.0, 0.3]) + rng.normal(size=400)
    return ["x1", "x1_twin", "x2", "x3", "x4", "x5"], np.column_stack([y, x]), 4


def themes(rng):
    n, k = 2000, 15
    prevalence = np.concatenate([rng.uniform(0.02, 0.15, size=k - 1), [0.0]])  # last: never mentioned
    x = (rng.uniform(size=(n, k)) < prevalence).astype(float)
    effects = np.concatenate([rng.uniform(-3, 1, size=k - 1), [0.0]])
    outcome = 7.5 + x @ effects + rng.normal(size=n) * 2
    y = np.clip(np.rint(outcome), 0, 10)
    return [f"theme{j + 1}" for j in range(k)], np.column_stack([y, x]), 0


SETS = [("continuous", continuous, 1), ("ratings", ratings, 2), ("collinear", collinear, 3), ("themes", themes, 4)]


def write_csv(path, header, data, decimals):
    with open(path, "w") as out:
        out.write(",".join(header) + "\n")
        for row in data:
            if decimals == 0:
                out.write(",".join(str(int(v)) for v in row) + "\n")
            else:
                out.write(",".join(f"{v:.{decimals}f}" for v in row) + "\n")


def check_mtcars():
    """rwa README (Martin Chan): mpg ~ cyl + disp + hp + gear on mtcars."""
    data = np.loadtxt(os.path.join(FIXTURES, "mtcars.csv"), delimiter=",", skiprows=1)
    with open(os.path.join(FIXTURES, "mtcars.csv")) as source:
        header = source.readline().strip().split(",")
    predictors = [header.index(name) for name in ["cyl", "disp", "hp", "gear"]]
    raw, _, r_squared = relative_weights(data, header.index("mpg"), predictors)
    published = [0.2284797, 0.2221469, 0.2321744, 0.0963886]
    assert abs(r_squared - 0.7791896) < 5e-8, r_squared
    assert np.max(np.abs(raw - published)) < 5e-8, raw
    print(f"mtcars (rwa README): numpy reproduces R^2 {r_squared:.7f} and raw weights {np.round(raw, 7).tolist()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heard", help="path to a heard binary: also compare `heard stats relative-weights`")
    arguments = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    check_mtcars()
    worst_cli = 0.0
    for name, generate, seed in SETS:
        predictors, data, decimals = generate(np.random.default_rng(seed))
        header = ["y"] + predictors
        csv_path = os.path.join(OUT, f"{name}.csv")
        write_csv(csv_path, header, data, decimals)
        written = np.loadtxt(csv_path, delimiter=",", skiprows=1)  # exactly what Swift will read
        raw, coefficients, r_squared = relative_weights(written, 0, list(range(1, len(header))))
        expected = {
            "target": "y",
            "predictors": predictors,
            "raw": raw.tolist(),
            "coefficients": coefficients.tolist(),
            "r_squared": float(r_squared),
        }
        with open(os.path.join(OUT, f"{name}.expected.json"), "w") as out:
            json.dump(expected, out, indent=1)
            out.write("\n")
        print(f"{name}: n={len(written)} p={len(predictors)} R^2={r_squared:.6f}")
        if arguments.heard:
            output = subprocess.run(
                [arguments.heard, "stats", "relative-weights", "--data", csv_path, "--target", "y", "--format", "json"],
                check=True, capture_output=True, text=True).stdout
            report = json.loads(output)
            by_name = {driver["name"]: driver for driver in report["predictors"]}
            difference = max(abs(by_name[p]["raw"] - raw[j]) for j, p in enumerate(predictors))
            difference = max(difference, abs(report["r_squared"] - r_squared))
            worst_cli = max(worst_cli, difference)
            print(f"  heard CLI: max |difference| {difference:.2e}")
    if arguments.heard:
        print(f"heard CLI vs numpy: max |difference| over all sets {worst_cli:.2e} (the CLI's JSON rounds to 6 decimals)")
        if worst_cli > 1e-6:
            sys.exit(1)


if __name__ == "__main__":
    main()
