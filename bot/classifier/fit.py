"""Numerical core of classifier training: weighted logistic regression in the span of the data, Platt scaling, folds.

Everything here is deterministic: fixed iteration order, no randomness, no set iteration, no clocks.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from operator import mul

TOL, MAX_ITER = 1e-5, 3_000  # optimiser: stop when the gradient norm is below TOL


def r6(x: float) -> float:
    """Six significant digits: what the model file stores."""
    return float(f"{x:.6g}")


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def log_loss(p: float, t: float) -> float:
    return -math.log(max(p if t else 1.0 - p, 1e-15))


def fit(
    K: list[list[float]], t: list[float], c: list[float], lam: float, alpha: list[float] | None = None
) -> list[float]:
    """Minimise Σcᵢ·logloss(xᵢ·w, tᵢ)/Σc + lam/2·|w|² over w = Σ αᵢxᵢ (accelerated gradient descent); returns α.

    Every gradient of the objective lies in the span of the training vectors, so the iterate is kept as its
    coefficients α and updated through the Gram matrix K = XXᵀ: the same iterates as gradient descent on w, at a
    fraction of the cost in pure Python.  Nesterov momentum with gradient restarts (O'Donoghue & Candès).
    """
    total = sum(c)
    cn = [ci / total for ci in c]
    eta = 1.0 / (lam + max(cn) * max(sum(row) for row in K) / 4)  # 1/L; Gershgorin bound on the Hessian (K ≥ 0)
    a = list(alpha) if alpha else [0.0] * len(t)
    u = [sum(map(mul, row, a)) for row in K]  # u = Kα: the decision values
    a0, u0, tk = a, u, 1.0
    for _ in range(MAX_ITER):
        tk1 = (1.0 + math.sqrt(1.0 + 4.0 * tk * tk)) / 2.0
        beta = (tk - 1.0) / tk1
        y = [x + beta * (x - p) for x, p in zip(a, a0, strict=True)]
        ky = [x + beta * (x - p) for x, p in zip(u, u0, strict=True)]
        r = [ci * (sigmoid(z) - ti) for ci, z, ti in zip(cn, ky, t, strict=True)]
        g = [ri + lam * yi for ri, yi in zip(r, y, strict=True)]  # gradient, as coefficients on the xᵢ
        kg = [sum(map(mul, row, r)) + lam * kyi for row, kyi in zip(K, ky, strict=True)]
        a_new = [yi - eta * gi for yi, gi in zip(y, g, strict=True)]
        if sum(kgi * (x - p) for kgi, x, p in zip(kg, a_new, a, strict=True)) > 0:
            tk1 = 1.0  # gradient restart: the momentum points uphill
        a0, u0, tk = a, u, tk1
        a, u = a_new, [x - eta * gi for x, gi in zip(ky, kg, strict=True)]
        if sum(map(mul, g, kg)) < TOL * TOL:  # |∇w|² = gᵀKg
            break
    return a


def platt(d: Sequence[float], t: Sequence[float], c: Sequence[float] | None = None) -> tuple[float, float]:
    """Platt scaling p = σ(a·d + b): Newton's method on 2 parameters with Platt's smoothed targets (weighted)."""
    c = [1.0] * len(t) if c is None else c
    n_pos = sum(ci for ci, ti in zip(c, t, strict=True) if ti)
    n_neg = sum(c) - n_pos
    hi, lo = (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2)
    a, b = 1.0, 0.0
    for _ in range(100):
        g1 = g2 = h11 = h12 = h22 = 0.0
        for di, ti, ci in zip(d, t, c, strict=True):
            p = sigmoid(a * di + b)
            e, w = ci * (p - (hi if ti else lo)), ci * max(p * (1 - p), 1e-12)
            g1, g2, h11, h12, h22 = g1 + e * di, g2 + e, h11 + w * di * di, h12 + w * di, h22 + w
        det = h11 * h22 - h12 * h12
        if det <= 1e-18:
            break
        da, db = (h22 * g1 - h12 * g2) / det, (h11 * g2 - h12 * g1) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


def crossfit(d: list[float], t: list[float], c: list[float], fold: list[int], k: int) -> list[tuple[float, float]]:
    """Per fold, Platt parameters fitted on the *other* folds' out-of-fold decision values."""
    out = []
    for j in range(k):
        keep = [i for i, f in enumerate(fold) if f != j]
        out.append(platt([d[i] for i in keep], [t[i] for i in keep], [c[i] for i in keep]))
    return out


def assign_folds(texts: Sequence[str], strata: Sequence[tuple[str, str]], k: int) -> list[int]:
    """Deterministic stratified folds.

    Strata (e.g. (source, label)) are taken in order of first appearance; within one, texts are ordered by SHA-256
    and dealt round-robin, continuing where the previous stratum stopped.  A stratum's folds therefore depend only
    on the strata before it: adding corrections after the seed data never moves a seed example to another fold.
    """
    order: dict[tuple[str, str], list[int]] = {}
    for i, key in enumerate(strata):
        order.setdefault(key, []).append(i)
    fold, dealt = [0] * len(texts), 0
    for idx in order.values():
        idx.sort(key=lambda i: (hashlib.sha256(texts[i].encode("utf-8")).hexdigest(), i))
        for i in idx:
            fold[i] = dealt % k
            dealt += 1
    return fold
