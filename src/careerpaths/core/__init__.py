"""The framework-free core: plain dataclasses and functions, no Django, Ibis or OR-Tools."""
