"""Reading funding rules, Perkins V rules and a region's partnership files (YAML).

Every value keeps its file, line and column, so a problem is reported where it is.
A file set loads whole or not at all: :func:`load_partnership` raises
:class:`FundingDataError` listing every problem, and returns nothing half-read.

Bundled rules live in ``careerpaths/data/funding/<id>.yaml``; bundled partnership
folders (the demo regions) in ``careerpaths/demo/partnerships/<region>/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.funding import (
    Basis,
    CostItem,
    CostRule,
    CourseFacts,
    DeliveryModel,
    FormulaError,
    Parameter,
    Party,
    RateBound,
    RuleSet,
    Source,
    check_rules,
    formula_names,
)
from careerpaths.core.i18n import Text
from careerpaths.core.partnerships import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Equipment,
    EquipmentUse,
    Signatory,
    check_agreement,
)
from careerpaths.core.perkins import BudgetLine, PerkinsRules, PerkinsUse
from careerpaths.io.errors import LoadError, WorkspaceError
from careerpaths.io.yamldoc import Doc, PathKey, dump_yaml, read_yaml, yaml_doc

PACKAGE = Path(__file__).resolve().parent.parent
RULES_DIR = PACKAGE / "data" / "funding"
PARTNERSHIPS_DIR = PACKAGE / "demo" / "partnerships"

E = TypeVar("E")


class FundingDataError(WorkspaceError):
    """Funding or partnership files that cannot be used; ``errors`` lists every problem."""


def bundled_rule_ids() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml") if p.stem != "perkins-v")


def bundled_regions() -> list[str]:
    return sorted(p.name for p in PARTNERSHIPS_DIR.iterdir() if (p / "region.yaml").exists())


class _Reader:
    """Typed access to a :class:`Doc`, recording an error (with position) per bad value."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def where(self, path: PathKey) -> Where:
        line, col = self.doc.pos(path)
        return Where(file=self.doc.label, line=line, column=col)

    def get(self, obj: Mapping[str, Any], path: PathKey, key: str, default: Any = None) -> Any:
        return obj.get(key, default) if isinstance(obj, Mapping) else default

    def req(self, obj: Any, path: PathKey, key: str) -> Any:
        if not isinstance(obj, Mapping) or obj.get(key) in (None, ""):
            self.doc.error(path, f"{key!r} is required")
            return None
        return obj[key]

    def text(self, obj: Any, path: PathKey, key: str, *, required: bool = False) -> str:
        value = self.req(obj, path, key) if required else self.get(obj, path, key, "")
        return "" if value is None else str(value)

    def number(self, obj: Any, path: PathKey, key: str, *, required: bool = True) -> float | None:
        value = self.req(obj, path, key) if required else self.get(obj, path, key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.doc.error((*path, key), f"{key!r} must be a number, not {value!r}")
            return None
        return float(value)

    def day(self, obj: Any, path: PathKey, key: str, *, required: bool = False) -> date | None:
        value = self.req(obj, path, key) if required else self.get(obj, path, key)
        if value is None:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.doc.error((*path, key), f"{key!r} must be a date (YYYY-MM-DD), not {value!r}")
            return None

    def enum(self, cls: Callable[[str], E], obj: Any, path: PathKey, key: str) -> E | None:
        value = self.req(obj, path, key)
        if value is None:
            return None
        try:
            return cls(str(value))
        except ValueError:
            choices = ", ".join(str(v) for v in getattr(cls, "__members__", {}).values())
            self.doc.error((*path, key), f"{key!r}: {value!r} is not one of: {choices}")
            return None

    def enums(self, cls: Callable[[str], E], obj: Any, path: PathKey, key: str) -> list[E]:
        values = self.get(obj, path, key) or []
        if not isinstance(values, list):
            self.doc.error((*path, key), f"{key!r} must be a list")
            return []
        out = []
        for i, v in enumerate(values):
            try:
                out.append(cls(str(v)))
            except ValueError:
                choices = ", ".join(str(m) for m in getattr(cls, "__members__", {}).values())
                self.doc.error((*path, key, i), f"{v!r} is not one of: {choices}")
        return out

    def strings(self, obj: Any, path: PathKey, key: str) -> tuple[str, ...]:
        values = self.get(obj, path, key) or []
        if not isinstance(values, list):
            self.doc.error((*path, key), f"{key!r} must be a list")
            return ()
        return tuple(str(v) for v in values)

    def mapping(self, obj: Any, path: PathKey, key: str) -> dict[str, Any]:
        value = self.get(obj, path, key) or {}
        if not isinstance(value, Mapping):
            self.doc.error((*path, key), f"{key!r} must be a mapping of names to values")
            return {}
        return dict(value)

    def items(self, obj: Any, path: PathKey, key: str) -> list[tuple[PathKey, Any]]:
        values = self.get(obj, path, key) or []
        if not isinstance(values, list):
            self.doc.error((*path, key), f"{key!r} must be a list")
            return []
        out = []
        for i, v in enumerate(values):
            if not isinstance(v, Mapping):
                self.doc.error((*path, key, i), "each entry must be a mapping of fields")
                continue
            out.append(((*path, key, i), v))
        return out


def _open(path: Path, label: str) -> tuple[Doc, _Reader]:
    return _reader_of(read_yaml(path, label))


def _reader_of(doc: Doc) -> tuple[Doc, _Reader]:
    if doc.data is not None and not isinstance(doc.data, Mapping):
        doc.error((), "the file must be a mapping of fields")
        doc.data = None
    return doc, _Reader(doc)


# --------------------------------------------------------------------------- rules


def _rules_from(doc: Doc, r: _Reader) -> RuleSet | None:
    data = doc.data
    if data is None:
        return None
    sources = {}
    for sid, s in r.mapping(data, (), "sources").items():
        if not isinstance(s, Mapping):
            doc.error(("sources", sid), "a source needs a 'url'")
            continue
        sources[sid] = Source(
            id=sid,
            url=r.text(s, ("sources", sid), "url", required=True),
            note=r.text(s, ("sources", sid), "note"),
            vintage=r.text(s, ("sources", sid), "vintage"),
        )
    params: dict[str, Parameter] = {}
    for name, p in r.mapping(data, (), "parameters").items():
        ppath: PathKey = ("parameters", name)
        spec = p if isinstance(p, Mapping) else {"value": p}
        value = spec.get("value")
        if isinstance(value, bool) or value is None:
            doc.error(ppath, f"parameter {name!r} needs a numeric 'value' or a formula")
            continue
        if isinstance(value, str):
            try:
                formula_names(value)
            except FormulaError as exc:
                doc.error((*ppath, "value"), str(exc))
                continue
        params[name] = Parameter(
            name=name,
            value=value if isinstance(value, str) else float(value),
            source=str(spec.get("source") or ""),
            illustrative=bool(spec.get("illustrative", False)),
            note=str(spec.get("note") or ""),
            where=r.where(ppath),
        )
    rules = []
    for path, item in r.items(data, (), "rules"):
        kind = r.enum(CostItem, item, path, "item")
        payer = r.enum(Party, item, path, "payer")
        basis = r.enum(Basis, item, path, "basis")
        formula = item.get("formula")
        if formula is None:
            doc.error(path, "'formula' is required")
        else:
            try:
                formula_names(str(formula))
            except FormulaError as exc:
                doc.error((*path, "formula"), str(exc))
                formula = None
        payee = None
        if item.get("payee") is not None:
            payee = r.enum(Party, item, path, "payee")
        rid = r.text(item, path, "id", required=True)
        deliveries = r.enums(DeliveryModel, item, path, "deliveries")
        if kind is None or payer is None or basis is None or formula is None or not rid:
            continue
        rules.append(
            CostRule(
                id=rid,
                item=kind,
                payer=payer,
                basis=basis,
                formula=str(formula),
                source=r.text(item, path, "source"),
                deliveries=frozenset(deliveries),
                tags=frozenset(r.strings(item, path, "tags")),
                unless_tags=frozenset(r.strings(item, path, "unless_tags")),
                payee=payee,
                illustrative=bool(item.get("illustrative", False)),
                note=r.text(item, path, "note"),
                effective_from=r.day(item, path, "effective_from"),
                effective_to=r.day(item, path, "effective_to"),
                where=r.where(path),
            )
        )
    bounds = []
    for path, item in r.items(data, (), "bounds"):
        kind = r.enum(CostItem, item, path, "item")
        bid = r.text(item, path, "id", required=True)
        floor, ceiling = item.get("floor"), item.get("ceiling")
        if floor is None and ceiling is None:
            doc.error(path, "a bound needs a 'floor' or a 'ceiling'")
            continue
        if kind is None or not bid:
            continue
        bounds.append(
            RateBound(
                id=bid,
                item=kind,
                floor=None if floor is None else str(floor),
                ceiling=None if ceiling is None else str(ceiling),
                source=r.text(item, path, "source"),
                deliveries=frozenset(r.enums(DeliveryModel, item, path, "deliveries")),
                tags=frozenset(r.strings(item, path, "tags")),
                note=r.text(item, path, "note"),
                where=r.where(path),
            )
        )
    return RuleSet(
        id=r.text(data, (), "id", required=True),
        name=r.text(data, (), "name", required=True),
        state=r.text(data, (), "state"),
        parameters=params,
        rules=tuple(rules),
        bounds=tuple(bounds),
        sources=sources,
        effective_from=r.day(data, (), "effective_from"),
        effective_to=r.day(data, (), "effective_to"),
        description=r.text(data, (), "description"),
    )


def _errors_of(findings: list[Finding]) -> list[LoadError]:
    return [
        LoadError(f.where.file or "", f.where.line, f.where.column, f.message)
        for f in findings
        if f.severity is Severity.ERROR
    ]


def load_rules(path: Path, label: str | None = None) -> RuleSet:
    """A rules file, checked (unknown names, unsourced figures); raises on any error."""
    return _checked_rules(*_open(path, label or path.name))


def _checked_rules(doc: Doc, r: _Reader) -> RuleSet:
    rules = _rules_from(doc, r)
    errors = list(doc.errors)
    if rules is not None and not errors:
        errors += _errors_of(
            [
                Finding(
                    f.code,
                    f.severity,
                    f.where if f.where.file else Where(file=doc.label),
                    f.message,
                )
                for f in check_rules(rules)
            ]
        )
    if errors or rules is None:
        raise FundingDataError(errors or [LoadError(doc.label, None, None, "no rules")])
    return rules


def bundled_rules(rule_id: str) -> RuleSet:
    path = RULES_DIR / f"{rule_id}.yaml"
    if not path.exists() or rule_id == "perkins-v":
        known = ", ".join(bundled_rule_ids())
        raise FundingDataError([LoadError(rule_id, None, None, f"no such rules; known: {known}")])
    return load_rules(path, f"data/funding/{rule_id}.yaml")


def load_perkins(path: Path | None = None) -> PerkinsRules:
    """The Perkins V rules of ``path`` (the shipped ones without). The shipped file's labels
    and references are ours: each a :class:`~careerpaths.core.i18n.Text`, said in the
    reader's language on the web (listed by :func:`shipped_perkins_texts`); a state's own
    file is shown as written."""
    shipped = path is None
    path = path or RULES_DIR / "perkins-v.yaml"
    doc, r = _open(path, "data/funding/perkins-v.yaml" if path.parent == RULES_DIR else path.name)

    def said(value: str) -> str:
        return Text(value) if shipped and value else value

    data = doc.data or {}
    uses = {}
    for uid, u in r.mapping(data, (), "uses").items():
        if not isinstance(u, Mapping):
            doc.error(("uses", uid), "a use needs a 'label' and a 'reference'")
            continue
        uses[uid] = PerkinsUse(
            id=uid,
            label=said(r.text(u, ("uses", uid), "label", required=True)),
            reference=said(r.text(u, ("uses", uid), "reference", required=True)),
        )
    rules = PerkinsRules(
        uses=uses,
        special_populations={
            str(k): said(str(v)) for k, v in r.mapping(data, (), "special_populations").items()
        },
        admin_cap=r.number(data, (), "admin_cap") or 0.0,
        uses_reference=said(r.text(data, (), "uses_reference", required=True)),
        admin_reference=said(r.text(data, (), "admin_reference", required=True)),
        tuition_reference=said(r.text(data, (), "tuition_reference", required=True)),
        supplant_reference=said(r.text(data, (), "supplant_reference", required=True)),
        max_personnel_years=int(r.number(data, (), "max_personnel_years") or 0),
        personnel_reference=said(r.text(data, (), "personnel_reference", required=True)),
        source_url=r.text(data, (), "source", required=True),
    )
    if doc.errors:
        raise FundingDataError(doc.errors)
    return rules


def shipped_perkins_texts() -> list[str]:
    """The labels and references of the shipped Perkins V rules, for the web's catalogue."""
    rules = load_perkins()
    out = [t for u in rules.uses.values() for t in (u.label, u.reference)]
    out += list(rules.special_populations.values())
    out += [
        rules.uses_reference,
        rules.admin_reference,
        rules.tuition_reference,
        rules.supplant_reference,
        rules.personnel_reference,
    ]
    return [str(t) for t in dict.fromkeys(out)]


# --------------------------------------------------------------------------- partnership


@dataclass(frozen=True)
class PathwayPlan:
    """The dual-credit courses of a pathway to cost, with the cohort size to cost them for."""

    id: str
    name: str
    courses: tuple[str, ...]
    students: int
    credentials_per_year: float | None
    redundant: tuple[str, ...] = ()  # high-school courses that repeat a dual-credit course
    illustrative: bool = False


@dataclass(frozen=True)
class Budget:
    fiscal_year: str
    allocation: float
    needs: Mapping[str, str]
    lines: tuple[BudgetLine, ...]
    illustrative: bool = False


@dataclass(frozen=True)
class Partnership:
    """A region's partnership files, read whole."""

    id: str
    name: str
    state: str
    rules: RuleSet
    institutions: Mapping[str, str]  # id -> name
    courses: Mapping[str, CourseFacts]
    course_sources: Mapping[str, str]
    pathways: Mapping[str, PathwayPlan]
    agreements: tuple[Agreement, ...]
    budget: Budget | None
    equipment: tuple[Equipment, ...]
    description: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def _region(doc: Doc, r: _Reader) -> dict[str, Any]:
    data = doc.data or {}
    institutions = {}
    for path, item in r.items(data, (), "institutions"):
        iid = r.text(item, path, "id", required=True)
        if iid in institutions:
            doc.error(path, f"institution {iid!r} appears twice")
        institutions[iid] = r.text(item, path, "name", required=True)
    courses: dict[str, CourseFacts] = {}
    sources: dict[str, str] = {}
    for path, item in r.items(data, (), "courses"):
        code = r.text(item, path, "code", required=True)
        credits = r.number(item, path, "credits")
        if credits is not None and credits <= 0:
            doc.error((*path, "credits"), f"credits must be more than 0, not {credits:g}")
        if code in courses:
            doc.error(path, f"course {code!r} appears twice")
        if not item.get("source") and not item.get("illustrative"):
            doc.error(path, f"course {code!r} has no source; cite one or mark it illustrative")
        courses[code] = CourseFacts(
            code=code,
            title=r.text(item, path, "title", required=True),
            credits=credits or 0.0,
            hs_credits=r.number(item, path, "hs_credits", required=False) or 1.0,
            tags=frozenset(r.strings(item, path, "tags")),
        )
        sources[code] = str(item.get("source") or "illustrative")
    pathways = {}
    for path, item in r.items(data, (), "pathways"):
        pid = r.text(item, path, "id", required=True)
        codes = r.strings(item, path, "courses")
        for i, code in enumerate(codes):
            if code not in courses:
                doc.error((*path, "courses", i), f"course {code!r} is not listed under courses")
        students = r.number(item, path, "students")
        if students is not None and (students < 1 or students != int(students)):
            doc.error((*path, "students"), "students must be a whole number of at least 1")
        pathways[pid] = PathwayPlan(
            id=pid,
            name=r.text(item, path, "name", required=True),
            courses=codes,
            students=int(students or 0),
            credentials_per_year=r.number(item, path, "credentials_per_year", required=False),
            redundant=r.strings(item, path, "redundant"),
            illustrative=bool(item.get("illustrative", False)),
        )
    return {
        "id": r.text(data, (), "id", required=True),
        "name": r.text(data, (), "name", required=True),
        "rules": r.text(data, (), "rules", required=True),
        "description": r.text(data, (), "description"),
        "notes": r.strings(data, (), "notes"),
        "institutions": institutions,
        "courses": courses,
        "sources": sources,
        "pathways": pathways,
    }


def _agreements(doc: Doc, r: _Reader) -> list[Agreement]:
    out = []
    for path, item in r.items(doc.data or {}, (), "agreements"):
        kind = r.enum(AgreementKind, item, path, "kind")
        starts = r.day(item, path, "starts", required=True)
        ends = r.day(item, path, "ends", required=True)
        status = r.enum(AgreementStatus, item, path, "status")
        payers = {}
        for key, value in r.mapping(item, path, "payers").items():
            try:
                payers[CostItem(key)] = Party(str(value))
            except ValueError:
                doc.error((*path, "payers", key), f"{key}: {value!r} is not a cost item and party")
        rates = {}
        for key, value in r.mapping(item, path, "rates").items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                doc.error((*path, "rates", key), f"rate {value!r} is not a number")
                continue
            try:
                rates[DeliveryModel(key)] = float(value)
            except ValueError:
                doc.error((*path, "rates", key), f"{key!r} is not a delivery model")
        signatories = tuple(
            Signatory(
                name=r.text(s, sp, "name", required=True),
                title=r.text(s, sp, "title"),
                institution=r.text(s, sp, "institution", required=True),
                signed_on=r.day(s, sp, "signed_on"),
            )
            for sp, s in r.items(item, path, "signatories")
        )
        provider = None
        if item.get("instructor_provider") is not None:
            provider = r.enum(Party, item, path, "instructor_provider")
        ferpa = r.mapping(item, path, "data_sharing")
        if kind is None or starts is None or ends is None or status is None:
            continue
        out.append(
            Agreement(
                id=r.text(item, path, "id", required=True),
                kind=kind,
                title=r.text(item, path, "title", required=True),
                parties=r.strings(item, path, "parties"),
                starts=starts,
                ends=ends,
                courses=r.strings(item, path, "courses"),
                deliveries=tuple(r.enums(DeliveryModel, item, path, "deliveries")),
                payers=payers,
                rates=rates,
                instructor_provider=provider,
                ferpa_clause=str(ferpa.get("clause") or ""),
                data_shared=tuple(str(x) for x in ferpa.get("scope") or ()),
                signatories=signatories,
                status=status,
                renewal_notice_days=int(
                    r.number(item, path, "renewal_notice_days", required=False) or 90
                ),
                illustrative=bool(item.get("illustrative", False)),
                where=r.where(path),
            )
        )
    return out


AGREEMENT_FIELDS = (
    "id", "kind", "title", "parties", "starts", "ends", "status", "renewal_notice_days",
    "courses", "deliveries", "payers", "rates", "instructor_provider", "data_sharing",
    "signatories", "illustrative",
)  # fmt: skip


def agreement_to_data(a: Agreement) -> dict[str, Any]:
    """An agreement as ``agreements.yaml`` holds it, JSON-safe (dates as ISO text):
    :func:`agreement_from_data` reads it back to an equal agreement."""
    data: dict[str, Any] = {
        "id": a.id,
        "kind": a.kind.value,
        "title": a.title,
        "parties": list(a.parties),
        "starts": a.starts.isoformat(),
        "ends": a.ends.isoformat(),
        "status": a.status.value,
        "renewal_notice_days": a.renewal_notice_days,
        "courses": list(a.courses),
        "deliveries": [d.value for d in a.deliveries],
        "payers": {item.value: party.value for item, party in a.payers.items()},
        "rates": {d.value: rate for d, rate in a.rates.items()},
    }
    if a.instructor_provider is not None:
        data["instructor_provider"] = a.instructor_provider.value
    if a.ferpa_clause or a.data_shared:
        data["data_sharing"] = {"clause": a.ferpa_clause, "scope": list(a.data_shared)}
    data["signatories"] = [
        {
            "name": s.name,
            "title": s.title,
            "institution": s.institution,
            **({"signed_on": s.signed_on.isoformat()} if s.signed_on else {}),
        }
        for s in a.signatories
    ]
    if a.illustrative:
        data["illustrative"] = True
    return data


class _FieldDoc(Doc):
    """A :class:`Doc` over one agreement's data that files each error under its field."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__("agreement", {"agreements": [dict(data)]})
        self.by_field: dict[str, list[str]] = {}

    def error(self, path: PathKey, reason: str, *, offset: int = 0) -> LoadError:
        name = str(path[2]) if len(path) > 2 else "__all__"
        self.by_field.setdefault(name, []).append(reason)
        return super().error(path, reason, offset=offset)


def agreement_from_data(data: Mapping[str, Any]) -> tuple[Agreement | None, dict[str, list[str]]]:
    """Read one agreement (the mapping ``agreements.yaml`` holds for it) with the file
    reader: the agreement, or ``None`` and the problems by field name."""
    doc = _FieldDoc(data)
    found = _agreements(doc, _Reader(doc))
    if doc.by_field or not found:
        return None, doc.by_field or {"__all__": ["the agreement could not be read"]}
    return dataclasses.replace(found[0], where=Where()), {}  # no file, so no position


def agreements_yaml(items: Sequence[Mapping[str, Any]]) -> str:
    """``agreements.yaml`` for agreements given as :func:`agreement_to_data` mappings."""

    def dated(item: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(item)
        for key in ("starts", "ends"):
            if isinstance(out.get(key), str):
                out[key] = date.fromisoformat(out[key])
        out["signatories"] = [
            {**s, "signed_on": date.fromisoformat(s["signed_on"])} if s.get("signed_on") else s
            for s in out.get("signatories") or ()
        ]
        return out

    return dump_yaml({"agreements": [dated(i) for i in items]})


def _budget(doc: Doc, r: _Reader) -> Budget | None:
    data = doc.data
    if data is None:
        return None
    needs = {str(k): str(v) for k, v in r.mapping(data, (), "needs").items()}
    lines = []
    for path, item in r.items(data, (), "lines"):
        amount = r.number(item, path, "amount")
        if amount is not None and amount < 0:
            doc.error((*path, "amount"), "amount must not be negative")
        years = r.number(item, path, "personnel_years", required=False)
        lines.append(
            BudgetLine(
                id=r.text(item, path, "id", required=True),
                description=r.text(item, path, "description", required=True),
                amount=amount or 0.0,
                use=str(item["use"]) if item.get("use") else None,
                need=str(item["need"]) if item.get("need") else None,
                category=r.text(item, path, "category") or "other",
                special_population=str(item.get("special_population") or "") or None,
                reduces_out_of_pocket=bool(item.get("reduces_out_of_pocket", False)),
                paid_from_other_funds_last_year=bool(
                    item.get("paid_from_other_funds_last_year", False)
                ),
                personnel_years=int(years) if years is not None else None,
                illustrative=bool(item.get("illustrative", False)),
                where=r.where(path),
            )
        )
    return Budget(
        fiscal_year=r.text(data, (), "fiscal_year", required=True),
        allocation=r.number(data, (), "allocation") or 0.0,
        needs=needs,
        lines=tuple(lines),
        illustrative=bool(data.get("illustrative", False)),
    )


def _equipment(doc: Doc, r: _Reader) -> list[Equipment]:
    out = []
    for path, item in r.items(doc.data or {}, (), "equipment"):
        cost = r.number(item, path, "cost")
        life = r.number(item, path, "useful_life_years")
        if life is not None and life < 1:
            doc.error((*path, "useful_life_years"), "useful life must be at least 1 year")
        uses = tuple(
            EquipmentUse(
                partner=r.text(u, up, "partner", required=True),
                section=r.text(u, up, "section", required=True),
                adult=bool(u.get("adult", False)),
                students=int(r.number(u, up, "students") or 0),
                hours=r.number(u, up, "hours") or 0.0,
            )
            for up, u in r.items(item, path, "uses")
        )
        out.append(
            Equipment(
                id=r.text(item, path, "id", required=True),
                name=r.text(item, path, "name", required=True),
                cost=cost or 0.0,
                useful_life_years=int(life or 1),
                uses=uses,
                source=r.text(item, path, "source"),
                illustrative=bool(item.get("illustrative", False)),
                where=r.where(path),
            )
        )
    return out


def read_partnership_folder(folder: Path, *, label: str | None = None) -> dict[str, str]:
    """The YAML files of a partnership folder as text (file name -> text), so a folder and
    the copy the web app keeps in its database are read by the same reader."""
    base = label or folder.name
    files: dict[str, str] = {}
    errors: list[LoadError] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if not path.is_file() or path.suffix not in (".yaml", ".yml"):
            continue
        try:
            files[path.name] = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.append(
                LoadError(
                    f"{base}/{path.name}",
                    None,
                    None,
                    f"the file is not UTF-8 text (byte {exc.start})",
                )
            )
    if errors:
        raise FundingDataError(errors)
    return files


def load_partnership(folder: Path, *, label: str | None = None) -> Partnership:
    """A region's partnership folder: ``region.yaml`` plus optional ``costs.yaml`` (local
    rules), ``agreements.yaml``, ``budget.yaml`` and ``equipment.yaml``. Raises
    :class:`FundingDataError` with every problem (file, line, column) when any file is
    unusable; nothing is returned half-read."""
    base = label or folder.name
    return partnership_from_files(read_partnership_folder(folder, label=base), label=base)


def partnership_from_files(files: Mapping[str, str], *, label: str) -> Partnership:
    """:func:`load_partnership` over file texts (name -> text): whole or :class:`FundingDataError`."""
    base = label

    def open_(name: str) -> tuple[Doc, _Reader] | None:
        text = files.get(name)
        return _reader_of(yaml_doc(text, f"{base}/{name}")) if text is not None else None

    errors: list[LoadError] = []
    region_doc = open_("region.yaml")
    if region_doc is None:
        raise FundingDataError([LoadError(f"{base}/region.yaml", None, None, "file not found")])
    region = _region(*region_doc)
    errors += region_doc[0].errors
    rules: RuleSet | None = None
    if region["rules"]:
        # a rules file next to region.yaml, or a bundled rule set by id
        own = open_(region["rules"]) if region["rules"] in files else None
        try:
            rules = _checked_rules(*own) if own is not None else bundled_rules(region["rules"])
        except FundingDataError as exc:
            errors += exc.errors
    local = open_("costs.yaml")
    if local is not None and rules is not None:
        local_rules = _rules_from(*local)
        errors += local[0].errors
        if local_rules is not None and not local[0].errors:
            rules = rules.merged(local_rules)
            errors += _errors_of(check_rules(rules))
    agreements: list[Agreement] = []
    if (doc := open_("agreements.yaml")) is not None:
        agreements = _agreements(*doc)
        errors += doc[0].errors
    budget = None
    if (doc := open_("budget.yaml")) is not None:
        budget = _budget(*doc)
        errors += doc[0].errors
    equipment: list[Equipment] = []
    if (doc := open_("equipment.yaml")) is not None:
        equipment = _equipment(*doc)
        errors += doc[0].errors
    if errors or rules is None:
        raise FundingDataError(errors)
    return Partnership(
        id=region["id"],
        name=region["name"],
        state=rules.state,
        rules=rules,
        institutions=region["institutions"],
        courses=region["courses"],
        course_sources=region["sources"],
        pathways=region["pathways"],
        agreements=tuple(agreements),
        budget=budget,
        equipment=tuple(equipment),
        description=region["description"],
        notes=tuple(Text(n) if n in shipped_partnership_notes() else n for n in region["notes"]),
    )


@cache
def shipped_partnership_notes() -> tuple[str, ...]:
    """The notes of the partnerships shipped with careerpaths (the demo's ``region.yaml``):
    ours, so said in the reader's language on the web (listed in ``web/core_messages.py``);
    a partnership's own notes are shown as written."""
    out: list[str] = []
    for rid in bundled_regions():
        doc = read_yaml(PARTNERSHIPS_DIR / rid / "region.yaml", f"demo/partnerships/{rid}")
        data = doc.data if isinstance(doc.data, Mapping) else {}
        out += [str(n).strip() for n in data.get("notes") or () if str(n).strip()]
    return tuple(dict.fromkeys(out))


def bundled_partnership(region_id: str) -> Partnership:
    folder = PARTNERSHIPS_DIR / region_id
    if not (folder / "region.yaml").exists():
        known = ", ".join(bundled_regions())
        raise FundingDataError(
            [LoadError(region_id, None, None, f"no such region; known: {known}")]
        )
    return load_partnership(folder, label=f"demo/partnerships/{region_id}")


def partnership_findings(p: Partnership, *, today: date) -> list[Finding]:
    """Findings about a loaded partnership: its agreements (dates, rates, FERPA, renewal)."""
    out: list[Finding] = []
    for a in p.agreements:
        out += check_agreement(
            a, institutions=p.institutions, courses=p.courses, rules=p.rules, today=today
        )
    return out
