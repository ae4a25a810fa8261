"""The estimator against a plain reference implementation of its documented method.

The reference reads the About page's "Estimates" section literally and solves every
question as its own small program with ``scipy.optimize``: each report is one linear
constraint on the daily flows x >= 0 (a per-day figure one per day), "about" is the
figure +-5 %; a day's or a range's band is the least and the largest sum that every
report allows (two linear programs); the point is the series with the least sum of
squared day-to-day changes that meets every report, each run of covered days on its own;
reports that cannot all hold are a named set, irreducible, whose weakest member (by kind
of source) is set aside. Random small report sets, two series at a time, drawn by
hypothesis, must give the same answers from the fast estimator.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog, minimize

from conftest import examples
from exodus.derive import estimate

DAY0 = pd.Timestamp("2023-01-02")
ORACLE = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = dict(rel=1e-6, abs=1e-4)


# ------------------------------------------------------------------ the reference method

def claimed(report: dict) -> tuple[float, float]:
    v, h = report["value"], report["value_high"]
    return {"exact": (v, v), "about": (0.95 * v, 1.05 * v), "at_least": (v, math.inf),
            "at_most": (0.0, v), "range": (v, h)}[report["qualifier"]]


class Reference:
    """The reports of one series as linear constraints lo <= A x <= hi over its days."""

    def __init__(self, reports: list[dict]):
        self.reports = reports
        days = [(r["s"], r["e"]) for r in reports]
        self.first = min(s for s, _ in days)
        self.n = max(e for _, e in days) - self.first + 1
        rows, lo, hi = [], [], []
        for r in reports:
            low, high = claimed(r)
            s, e = r["s"] - self.first, r["e"] - self.first
            for a, b in ([(d, d) for d in range(s, e + 1)] if r["measure"] == "daily" else [(s, e)]):
                row = np.zeros(self.n)
                row[a: b + 1] = 1.0
                rows.append(row)
                lo.append(low)
                hi.append(high)
        self.a, self.lo, self.hi = np.array(rows), np.array(lo), np.array(hi)
        self.covered = sorted({d for r in reports for d in range(r["s"], r["e"] + 1)})

    def _program(self):
        finite = np.isfinite(self.hi)
        return np.vstack([-self.a, self.a[finite]]), np.concatenate([-self.lo, self.hi[finite]])

    def feasible(self) -> bool:
        a_ub, b_ub = self._program()
        return linprog(np.zeros(self.n), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs").status != 2

    def band(self, days) -> tuple[float, float]:
        """Least and largest total of x over ``days`` (absolute day numbers)."""
        objective = np.zeros(self.n)
        objective[[d - self.first for d in days]] = 1.0
        a_ub, b_ub = self._program()
        out = []
        for sign in (1, -1):
            res = linprog(sign * objective, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            assert res.status in (0, 3), res.message
            out.append(math.inf if res.status == 3 else sign * res.fun)
        return out[0], out[1]

    def roughness(self, x: np.ndarray) -> float:
        """Sum of squared changes between neighbouring covered days (x indexed from ``first``)."""
        covered = set(self.covered)
        return float(sum((x[d + 1 - self.first] - x[d - self.first]) ** 2 for d in self.covered if d + 1 in covered))

    def least_roughness(self) -> float:
        a_ub, b_ub = self._program()
        start = linprog(np.zeros(self.n), A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs").x
        res = minimize(self.roughness, start, method="SLSQP", bounds=[(0, None)] * self.n,
                       constraints=[{"type": "ineq", "fun": lambda x: b_ub - a_ub @ x, "jac": lambda x: -a_ub}],
                       options={"ftol": 1e-12, "maxiter": 500})
        return min(res.fun, self.roughness(start)) if res.success else self.roughness(start)

    def meets(self, x: np.ndarray, tol: float) -> bool:
        total = self.a @ x
        return bool(np.all(total >= self.lo - tol) and np.all(total <= self.hi + tol) and np.all(x >= -tol))


def rows_of_series(frame: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in frame.to_dict("records"):
        r = r | {"s": (r["period_start"] - DAY0).days, "e": (r["period_end"] - DAY0).days}
        out.setdefault(r["destination_iso3"], []).append(r)
    return out


# ------------------------------------------------------------------ random report sets

@st.composite
def report_sets(draw):
    rows = []
    for i in range(draw(st.integers(1, 6))):
        start, length = draw(st.integers(0, 6)), draw(st.integers(1, 4))
        qualifier = draw(st.sampled_from(estimate.QUALIFIERS))
        value = float(draw(st.integers(0, 1000)))
        rows.append({
            "id": f"r-{i:02d}", "period_start": DAY0 + pd.Timedelta(days=start),
            "period_end": DAY0 + pd.Timedelta(days=start + length - 1),
            "destination_iso3": draw(st.sampled_from(["GEO", "KAZ"])), "crossing_id": "",
            "population": "russian_citizens", "metric": "arrivals",
            "measure": draw(st.sampled_from(estimate.ESTIMATED_MEASURES)), "unit": "people",
            "value": value, "value_high": value + draw(st.integers(0, 400)) if qualifier == "range" else math.nan,
            "qualifier": qualifier, "reporting_body": f"body {i}", "authority_rank": draw(st.integers(0, 2)),
        })
    frame = pd.DataFrame(rows)
    for column in ("period_start", "period_end"):
        frame[column] = frame[column].astype("datetime64[ns]")
    return frame


def check_series(daily: pd.DataFrame, ref: Reference):
    """Day bands equal the reference's, the point meets every report and is the smoothest."""
    assert [(d - DAY0).days for d in daily["date"]] == ref.covered
    for row in daily.to_dict("records"):
        low, high = ref.band([(row["date"] - DAY0).days])
        assert row["low"] == pytest.approx(low, **TOL)
        assert (math.isinf(high) and math.isnan(row["high"])) or row["high"] == pytest.approx(high, **TOL)
    x = np.zeros(ref.n)
    x[[d - ref.first for d in ref.covered]] = daily["point"].to_numpy(float)
    assert ref.meets(x, tol=1e-3), "the point breaks a report"
    best = ref.least_roughness()
    assert ref.roughness(x) <= best * (1 + 1e-4) + 1e-2, (ref.roughness(x), best)


@ORACLE
@given(report_sets(), st.integers(0, 9), st.integers(0, 9))
def test_bands_point_and_conflicts_are_those_of_the_plain_method(reports, a, b):
    a, b = min(a, b), max(a, b)
    daily = estimate.estimate_daily(reports)
    totals = estimate.estimate_totals(reports, DAY0 + pd.Timedelta(days=a), DAY0 + pd.Timedelta(days=b))
    conflicts = daily.attrs["conflicts"]
    for place, rows in rows_of_series(reports).items():
        named = conflicts[conflicts["destination_iso3"] == place]
        by_id = {r["id"]: r for r in rows}
        assert named.empty == Reference(rows).feasible()
        for members, weakest in zip(named["report_ids"], named["set_aside"]):
            group = [by_id[m] for m in members.split(";")]
            assert not Reference(group).feasible(), "a named conflict can hold"
            assert all(Reference([g for g in group if g is not left]).feasible() for left in group), "not irreducible"
            assert by_id[weakest]["authority_rank"] == max(g["authority_rank"] for g in group)
        kept = [r for r in rows if r["id"] not in set(named["set_aside"])]
        ref = Reference(kept)
        assert ref.feasible()
        mine = daily[daily["destination_iso3"] == place]
        check_series(mine, ref)
        in_range = [d for d in ref.covered if a <= d <= b]
        total = totals[totals["destination_iso3"] == place]
        assert len(total) == (1 if in_range else 0)
        if in_range:
            low, high = ref.band(in_range)
            row = total.iloc[0]
            assert row["days_covered"] == len(in_range) and row["complete"] == (len(in_range) == b - a + 1)
            assert row["low"] == pytest.approx(low, **TOL)
            assert (math.isinf(high) and math.isnan(row["high"])) or row["high"] == pytest.approx(high, **TOL)
            days = mine[(mine["date"] >= DAY0 + pd.Timedelta(days=a)) & (mine["date"] <= DAY0 + pd.Timedelta(days=b))]
            assert row["point"] == pytest.approx(days["point"].sum(), **TOL)


def test_the_reference_itself_on_a_hand_worked_case():
    # 100 over days 0-1 exactly, at least 70 on day 1: day 0 in [0, 30], day 1 in [70, 100];
    # the smoothest series is 30, 70 (change 40, squared 1600).
    rows = [
        {"id": "a", "s": 0, "e": 1, "measure": "period_total", "qualifier": "exact", "value": 100.0, "value_high": math.nan},
        {"id": "b", "s": 1, "e": 1, "measure": "daily", "qualifier": "at_least", "value": 70.0, "value_high": math.nan},
    ]
    ref = Reference(rows)
    assert ref.band([0]) == pytest.approx((0, 30)) and ref.band([1]) == pytest.approx((70, 100))
    assert ref.least_roughness() == pytest.approx(1600, rel=1e-6)
    assert not Reference(rows + [{"id": "c", "s": 0, "e": 0, "measure": "daily", "qualifier": "at_least",
                                  "value": 40.0, "value_high": math.nan}]).feasible()
