"""Adapters for file formats: region workspaces, spreadsheets, Curricular Analytics CSV."""
