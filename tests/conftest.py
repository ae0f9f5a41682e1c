"""Shared fixtures: small hand-built regions for unit tests."""
