"""Equity dashboard for leaders: dual-enrollment participation and success by group (issue #5)."""
