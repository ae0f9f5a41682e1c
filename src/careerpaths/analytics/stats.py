"""Confidence intervals for proportions and their differences, in plain Python.

Wilson score interval for one proportion ``p = x / n`` at normal quantile ``z``::

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z · sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)

Newcombe's hybrid score interval (his method 10, 1998) for ``d = p1 - p2`` from the two
Wilson intervals ``(l1, u1)`` and ``(l2, u2)``::

    lower = d - sqrt((p1 - l1)² + (u2 - p2)²)
    upper = d + sqrt((u1 - p1)² + (p2 - l2)²)

Both stay inside [0, 1] / [-1, 1] and behave at 0 and 1, unlike the Wald interval.
"""

from __future__ import annotations

from math import sqrt

Z95 = 1.959963984540054


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``x`` successes in ``n`` trials.

    >>> tuple(round(v, 4) for v in wilson(10, 50))
    (0.1124, 0.3304)
    """
    if n <= 0:
        raise ValueError("n must be positive")
    p = x / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> tuple[float, float, float]:
    """``p1 - p2`` and Newcombe's hybrid score interval for it.

    >>> tuple(round(v, 4) for v in newcombe(56, 70, 48, 80))  # Newcombe (1998), example (b)
    (0.2, 0.0524, 0.3339)
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d, d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
