"""Batch audits: every student against the diploma and the declared pathway, stored by date."""
