"""A region's labor-market settings: ``labor.yaml`` in its workspace (optional).

::

    area: "Cedar Rapids, IA"          # default area of the labor commands
    thresholds:                        # any ClassificationSettings field
      family_supporting_wage: 62000
      min_annual_openings: 10
    links:                             # employer-validated link changes
      - credential: kirkwood-aas-nursing
        soc: 29-1141
        action: add                    # or remove
        validated_by: UnityPoint Health St. Luke's (nurse managers)
        validated_on: 2025-03-01
        note: ADN graduates are hired as RNs after NCLEX-RN

Links may also be kept in ``labor-links.csv`` beside it (columns ``credential, soc,
action, validated_by, validated_on, note``); both are read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from careerpaths.io.errors import LoadError
from careerpaths.io.yamldoc import YamlError, load_yaml_text
from careerpaths.labor.classify import DEFAULT_SETTINGS, ClassificationSettings
from careerpaths.labor.importers import ImportFailed
from careerpaths.labor.links import LinkOverride, read_overrides

CONFIG_NAME = "labor.yaml"

LINKS_CSV_NAME = "labor-links.csv"


@dataclass(frozen=True)
class LaborConfig:
    area: str | None = None
    settings: ClassificationSettings = DEFAULT_SETTINGS
    overrides: tuple[LinkOverride, ...] = field(default_factory=tuple)


def default_area(region_labor_area: str, config: LaborConfig | None = None) -> str | None:
    """The area a region's labor reports use when none is given: ``labor.yaml``'s
    ``area``, else the region's ``labor_area`` setting (``region.yaml``), else None."""
    if config is not None and config.area:
        return config.area
    return region_labor_area or None


def settings_from(mapping: dict[str, object], file: str = "labor.yaml") -> ClassificationSettings:
    """ClassificationSettings from a mapping; unknown keys and bad values raise
    :class:`ImportFailed`."""
    names = {f.name: f for f in dataclasses.fields(ClassificationSettings)}
    errors: list[LoadError] = []
    values: dict[str, object] = {}
    for k, v in mapping.items():
        if k not in names:
            errors.append(LoadError(file, None, None, f"thresholds: unknown setting {k!r}"))
            continue
        if k == "use_state_projections":
            if not isinstance(v, bool):
                errors.append(LoadError(file, None, None, f"thresholds.{k}: expected true/false"))
                continue
            values[k] = v
        elif v is None and k in ("family_supporting_wage", "replacement_openings_percentile"):
            values[k] = None
        elif isinstance(v, int | float) and not isinstance(v, bool):
            values[k] = float(v)
        else:
            errors.append(LoadError(file, None, None, f"thresholds.{k}: {v!r} is not a number"))
    if errors:
        raise ImportFailed(errors)
    try:
        return ClassificationSettings(**values)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ImportFailed([LoadError(file, None, None, f"thresholds: {exc}")]) from None


def read_config(workspace: Path | None) -> LaborConfig:
    """Read ``labor.yaml`` and ``labor-links.csv`` of a workspace (both optional)."""
    if workspace is None:
        return LaborConfig()
    area: str | None = None
    settings = DEFAULT_SETTINGS
    overrides: list[LinkOverride] = []
    path = workspace / CONFIG_NAME
    if path.exists():
        try:
            doc = load_yaml_text(path.read_text(encoding="utf-8"), path.name) or {}
        except YamlError as exc:
            raise ImportFailed([exc.error]) from None
        if not isinstance(doc, dict):
            raise ImportFailed([LoadError(path.name, None, None, "expected a mapping")])
        if doc.get("area") is not None:
            area = str(doc["area"])
        if doc.get("thresholds"):
            if not isinstance(doc["thresholds"], dict):
                raise ImportFailed(
                    [LoadError(path.name, None, None, "thresholds: expected a mapping")]
                )
            settings = settings_from(doc["thresholds"], path.name)
        if doc.get("links"):
            overrides += read_overrides(path)
    csv_path = workspace / LINKS_CSV_NAME
    if csv_path.exists():
        overrides += read_overrides(csv_path)
    return LaborConfig(area, settings, tuple(overrides))
