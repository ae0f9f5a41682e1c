"""Staff accounts, roles and each role's scope."""
