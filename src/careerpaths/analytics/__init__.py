"""Equity analytics: dual-enrollment measures written once as Ibis expressions.

``tables`` defines the two input tables (students, attempts) and loads them; ``measures``
holds the expressions; ``engines`` connects DuckDB (default), PostgreSQL or Spark;
``report`` assembles the suppressed equity report; ``whatif`` compares eligibility rules;
``stats`` has the confidence intervals. The core stays framework-free: nothing in
``careerpaths.core`` imports this package.
"""
