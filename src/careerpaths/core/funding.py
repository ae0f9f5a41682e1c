"""Who pays for a dual-credit section, and what flows back: state funding rules as data.

A state's rules are a :class:`RuleSet`: named parameters (each with its source) and
cost rules. A cost rule says that, for a delivery model and a kind of course, a party
pays (or, for state aid, receives) an amount computed by a small arithmetic formula
over the parameters and the section's facts. The rule files (YAML, read by
:mod:`careerpaths.io.funding`) hold every number; this module holds none, so a change
to a rule file changes the figures and nothing here knows which state it is computing.

Formula language: numbers, parameter names, the section variables below, ``+ - * /``,
parentheses, ``min(a, b)`` and ``max(a, b)``. Nothing else is evaluated.

Section variables: ``credits`` (the course's college credit in semester hours),
``hs_credits`` (high-school credit it earns, in one-semester-course units),
``students`` (seats filled), ``share_of_day`` (the fraction of a school year the course
takes for one student: minutes per day x days / (minutes in a day x days in a year)).

A cost line's amount is the formula's value times its basis: ``per_student_credit``
(x credits x students), ``per_student`` (x students), ``per_section`` (x 1).

>>> rules = RuleSet(
...     id="x", name="Example", state="XX",
...     parameters={"rate": Parameter("rate", 100.0, source="S")},
...     rules=(CostRule("T", CostItem.TUITION, Party.DISTRICT, Basis.PER_STUDENT_CREDIT,
...                     "rate * 0.5", source="S"),),
...     sources={"S": Source("S", "https://example.org")},
... )
>>> course = CourseFacts(code="BIO-168", title="Anatomy", credits=4.0)
>>> section_cost(course, DeliveryModel.HS_TEACHER, 10, rules).by_party[Party.DISTRICT]
2000.0
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from careerpaths.core.findings import Finding, Severity, Where
from careerpaths.core.i18n import text


class DeliveryModel(StrEnum):
    """Where a dual-credit section is taught and by whom."""

    HS_TEACHER = "hs_teacher"  # at the high school, by a credentialed high-school teacher
    COLLEGE_FACULTY_AT_HS = "college_faculty_at_hs"  # at the high school, by college faculty
    COLLEGE_CAMPUS = "college_campus"
    CAREER_CENTER = "career_center"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return DELIVERY_LABELS[self]


DELIVERY_LABELS: Mapping[DeliveryModel, str] = MappingProxyType(
    {
        DeliveryModel.HS_TEACHER: text("At the high school, credentialed high-school teacher"),
        DeliveryModel.COLLEGE_FACULTY_AT_HS: text("At the high school, college faculty"),
        DeliveryModel.COLLEGE_CAMPUS: text("At the college"),
        DeliveryModel.CAREER_CENTER: text("At a career center"),
        DeliveryModel.ONLINE: text("Online"),
    }
)


class Party(StrEnum):
    DISTRICT = "district"
    COLLEGE = "college"
    CAREER_CENTER = "career_center"
    FAMILY = "family"
    STATE = "state"

    @property
    def label(self) -> str:
        return {
            "district": text("School district"),
            "college": text("College"),
            "career_center": text("Career center"),
            "family": text("Family"),
            "state": text("State"),
        }[self.value]


class CostItem(StrEnum):
    TUITION = "tuition"
    FEES = "fees"
    BOOKS = "books"
    INSTRUCTOR = "instructor"
    EQUIPMENT = "equipment"
    TRANSPORT = "transport"
    COORDINATION = "coordination"
    STATE_AID = "state_aid"  # money that flows back to ``payee`` (from the state)

    @property
    def label(self) -> str:
        return {
            "tuition": text("Tuition"),
            "fees": text("Fees"),
            "books": text("Books and materials"),
            "instructor": text("Instructor pay or stipend"),
            "equipment": text("Equipment"),
            "transport": text("Transportation"),
            "coordination": text("Coordination"),
            "state_aid": text("State aid received"),
        }[self.value]


class Basis(StrEnum):
    PER_STUDENT_CREDIT = "per_student_credit"
    PER_STUDENT = "per_student"
    PER_SECTION = "per_section"


SECTION_VARIABLES = frozenset({"credits", "hs_credits", "students", "share_of_day"})


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    note: str = ""
    vintage: str = ""  # the date or year the figure holds for


@dataclass(frozen=True)
class Parameter:
    """A named figure (a tuition rate, a state per-pupil amount) or a formula over others."""

    name: str
    value: float | str  # a number, or a formula over other parameters
    source: str = ""
    illustrative: bool = False
    note: str = ""
    where: Where | None = None


@dataclass(frozen=True)
class CostRule:
    """``payer`` pays ``formula`` x ``basis`` for ``item`` when the rule applies.

    A rule applies to a section when its delivery model is in ``deliveries`` (all models
    when empty), the course carries every tag in ``tags`` and none in ``unless_tags``,
    and the day falls in ``effective_from`` .. ``effective_to``. For ``state_aid`` the
    payer is the state and ``payee`` the party that receives it.
    """

    id: str
    item: CostItem
    payer: Party
    basis: Basis
    formula: str
    source: str = ""
    deliveries: frozenset[DeliveryModel] = frozenset()
    tags: frozenset[str] = frozenset()
    unless_tags: frozenset[str] = frozenset()
    payee: Party | None = None
    illustrative: bool = False
    note: str = ""
    effective_from: date | None = None
    effective_to: date | None = None
    where: Where | None = None

    def applies(self, course: CourseFacts, delivery: DeliveryModel, on: date | None) -> bool:
        if self.deliveries and delivery not in self.deliveries:
            return False
        if not self.tags <= course.tags or self.unless_tags & course.tags:
            return False
        if on is not None:
            if self.effective_from is not None and on < self.effective_from:
                return False
            if self.effective_to is not None and on > self.effective_to:
                return False
        return True


@dataclass(frozen=True)
class RateBound:
    """The state's floor and ceiling on a per-credit rate (Ohio's CCP, Indiana's $25 cap)."""

    id: str
    item: CostItem
    floor: str | None
    ceiling: str | None
    source: str = ""
    deliveries: frozenset[DeliveryModel] = frozenset()
    tags: frozenset[str] = frozenset()
    note: str = ""
    where: Where | None = None


@dataclass(frozen=True)
class RuleSet:
    """A state's (or a region's) funding rules: parameters, cost rules, rate bounds."""

    id: str
    name: str
    state: str
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    rules: tuple[CostRule, ...] = ()
    bounds: tuple[RateBound, ...] = ()
    sources: Mapping[str, Source] = field(default_factory=dict)
    effective_from: date | None = None
    effective_to: date | None = None
    description: str = ""

    def merged(self, local: RuleSet) -> RuleSet:
        """These rules with a region's local rules added (local parameters win)."""
        return RuleSet(
            id=f"{self.id}+{local.id}",
            name=f"{self.name}; {local.name}",
            state=self.state,
            parameters={**self.parameters, **local.parameters},
            rules=self.rules + local.rules,
            bounds=self.bounds + local.bounds,
            sources={**self.sources, **local.sources},
            effective_from=self.effective_from,
            effective_to=self.effective_to,
            description=self.description,
        )

    def source_url(self, source_id: str) -> str:
        src = self.sources.get(source_id)
        return src.url if src else ""


@dataclass(frozen=True)
class CourseFacts:
    """What the cost rules look at: a course's code, credit and tags (``cte``, ``priority``)."""

    code: str
    title: str
    credits: float  # college credit, semester hours
    hs_credits: float = 1.0
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CostLine:
    item: CostItem
    payer: Party
    amount: float
    rule: str
    source_url: str
    formula: str
    illustrative: bool
    payee: Party | None = None
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item.value,
            "payer": self.payer.value,
            "payee": self.payee.value if self.payee else None,
            "amount": self.amount,
            "rule": self.rule,
            "formula": self.formula,
            "source": self.source_url,
            "illustrative": self.illustrative,
            "note": self.note,
        }


@dataclass(frozen=True)
class CostBreakdown:
    """What one section costs each party under one delivery model.

    ``by_party`` is what each party pays; ``received`` is state aid flowing back to a
    party; ``net`` is paid minus received. ``per_student`` and ``per_credit`` divide the
    total paid by all parties except the state's aid (students; students x credits).
    """

    course: str
    delivery: DeliveryModel
    students: int
    credits: float
    lines: tuple[CostLine, ...]

    @property
    def costs(self) -> tuple[CostLine, ...]:
        return tuple(line for line in self.lines if line.item is not CostItem.STATE_AID)

    @property
    def by_party(self) -> dict[Party, float]:
        out: dict[Party, float] = {}
        for line in self.costs:
            out[line.payer] = round(out.get(line.payer, 0.0) + line.amount, 2)
        return out

    @property
    def received(self) -> dict[Party, float]:
        out: dict[Party, float] = {}
        for line in self.lines:
            if line.item is CostItem.STATE_AID and line.payee is not None:
                out[line.payee] = round(out.get(line.payee, 0.0) + line.amount, 2)
        return out

    @property
    def net(self) -> dict[Party, float]:
        parties = set(self.by_party) | set(self.received)
        return {
            p: round(self.by_party.get(p, 0.0) - self.received.get(p, 0.0), 2)
            for p in sorted(parties)
        }

    @property
    def total(self) -> float:
        return round(sum(line.amount for line in self.costs), 2)

    @property
    def family(self) -> float:
        return self.by_party.get(Party.FAMILY, 0.0)

    @property
    def per_student(self) -> float | None:
        return round(self.total / self.students, 2) if self.students else None

    @property
    def per_credit(self) -> float | None:
        hours = self.students * self.credits
        return round(self.total / hours, 2) if hours else None

    @property
    def illustrative(self) -> bool:
        return any(line.illustrative for line in self.lines)


class FormulaError(ValueError):
    """A formula that cannot be evaluated (a syntax error, an unknown name, division by 0)."""


_BINOPS: Mapping[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCS: Mapping[str, Callable[[float, float], float]] = {"min": min, "max": max}


def formula_names(formula: str) -> set[str]:
    """The names a formula uses (raises :class:`FormulaError` on a syntax error)."""
    tree = _parse(formula)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and not _is_func_name(tree, n)}


def _is_func_name(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


def _parse(formula: str) -> ast.Expression:
    try:
        return ast.parse(str(formula).strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"formula {formula!r} is not arithmetic: {exc.msg}") from None


def evaluate(formula: str | float, env: Mapping[str, float]) -> float:
    """The value of a formula over ``env`` (numbers, names, + - * /, min, max).

    >>> evaluate("0.83 * formula_amount / 30", {"formula_amount": 6020})
    166.54666666666665
    """
    if isinstance(formula, int | float):
        return float(formula)

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in env:
                raise FormulaError(f"unknown name {node.id!r} in formula {formula!r}")
            return float(env[node.id])
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FormulaError(f"division by zero in formula {formula!r}")
            return _BINOPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCS
            and len(node.args) == 2
            and not node.keywords
        ):
            return _FUNCS[node.func.id](ev(node.args[0]), ev(node.args[1]))
        raise FormulaError(f"formula {formula!r}: only numbers, names, + - * / min max")

    return ev(_parse(formula))


def parameter_values(rules: RuleSet) -> dict[str, float]:
    """Every parameter's value, formulas resolved in dependency order."""
    out: dict[str, float] = {}
    visiting: set[str] = set()

    def resolve(name: str) -> float:
        if name in out:
            return out[name]
        if name in visiting:
            raise FormulaError(f"parameter {name!r} is defined in terms of itself")
        param = rules.parameters.get(name)
        if param is None:
            raise FormulaError(f"unknown parameter {name!r}")
        visiting.add(name)
        if isinstance(param.value, int | float):
            value = float(param.value)
        else:
            env = {n: resolve(n) for n in formula_names(param.value)}
            value = evaluate(param.value, env)
        visiting.discard(name)
        out[name] = value
        return value

    for name in rules.parameters:
        resolve(name)
    return out


def _multiplier(basis: Basis, students: int, credits: float) -> float:
    if basis is Basis.PER_STUDENT_CREDIT:
        return students * credits
    if basis is Basis.PER_STUDENT:
        return float(students)
    return 1.0


def section_cost(
    course: CourseFacts,
    delivery: DeliveryModel,
    students: int,
    rules: RuleSet,
    *,
    share_of_day: float | None = None,
    on: date | None = None,
) -> CostBreakdown:
    """What a section of ``course`` with ``students`` costs each party under ``delivery``.

    Every line names the rule it comes from, its formula and its source; nothing is
    assumed about a state. ``share_of_day`` defaults to the rules' parameter
    ``default_share_of_day`` (0 when the rules have none).
    """
    params = parameter_values(rules)
    share = share_of_day if share_of_day is not None else params.get("default_share_of_day", 0.0)
    env = {
        **params,
        "credits": course.credits,
        "hs_credits": course.hs_credits,
        "students": float(students),
        "share_of_day": share,
    }
    lines = []
    for rule in rules.rules:
        if not rule.applies(course, delivery, on):
            continue
        amount = evaluate(rule.formula, env) * _multiplier(rule.basis, students, course.credits)
        illustrative = rule.illustrative or any(
            rules.parameters[n].illustrative
            for n in formula_names(rule.formula)
            if n in rules.parameters
        )
        lines.append(
            CostLine(
                item=rule.item,
                payer=rule.payer,
                payee=rule.payee,
                amount=round(amount, 2),
                rule=rule.id,
                source_url=rules.source_url(rule.source),
                formula=rule.formula,
                illustrative=illustrative,
                note=rule.note,
            )
        )
    return CostBreakdown(
        course=course.code,
        delivery=delivery,
        students=students,
        credits=course.credits,
        lines=tuple(lines),
    )


@dataclass(frozen=True)
class ModelComparison:
    """A pathway's dual-credit courses costed under one delivery model."""

    delivery: DeliveryModel
    sections: tuple[CostBreakdown, ...]

    @property
    def total(self) -> float:
        return round(sum(s.total for s in self.sections), 2)

    @property
    def by_party(self) -> dict[Party, float]:
        out: dict[Party, float] = {}
        for s in self.sections:
            for party, amount in s.by_party.items():
                out[party] = round(out.get(party, 0.0) + amount, 2)
        return out

    @property
    def received(self) -> dict[Party, float]:
        out: dict[Party, float] = {}
        for s in self.sections:
            for party, amount in s.received.items():
                out[party] = round(out.get(party, 0.0) + amount, 2)
        return out

    @property
    def credits(self) -> float:
        return sum(s.credits for s in self.sections)

    @property
    def per_student(self) -> float | None:
        students = max((s.students for s in self.sections), default=0)
        return round(self.total / students, 2) if students else None

    @property
    def per_credit(self) -> float | None:
        hours = sum(s.students * s.credits for s in self.sections)
        return round(self.total / hours, 2) if hours else None


def compare_delivery_models(
    courses: Sequence[CourseFacts],
    deliveries: Sequence[DeliveryModel],
    students: int,
    rules: RuleSet,
    *,
    on: date | None = None,
) -> list[ModelComparison]:
    """Each delivery model's cost for the same courses and cohort, side by side."""
    return [
        ModelComparison(
            delivery=d,
            sections=tuple(section_cost(c, d, students, rules, on=on) for c in courses),
        )
        for d in deliveries
    ]


def family_savings(course: CourseFacts, delivery: DeliveryModel, rules: RuleSet) -> float:
    """What one student's family saves: the college's published per-credit tuition
    (parameter ``published_tuition_per_credit``) x credits, minus what the rules make
    the family pay for that course. Same rules as the cost report."""
    params = parameter_values(rules)
    published = params.get("published_tuition_per_credit")
    if published is None:
        return 0.0
    family = section_cost(course, delivery, 1, rules).family
    return round(max(published * course.credits - family, 0.0), 2)


PUBLISHED_TUITION = "published_tuition_per_credit"


@dataclass(frozen=True)
class CourseSaving:
    code: str
    credits: float
    delivery: DeliveryModel
    published: float  # published tuition per credit x credits
    family_pays: float  # section_cost(...).family for one student
    saves: float  # family_savings(...)


@dataclass(frozen=True)
class PathwaySavings:
    """What one family saves on a pathway's college courses taken in high school, by the
    funding rules: per course, the college's published tuition (parameter
    ``published_tuition_per_credit`` x credits) minus what the rules make the family pay
    (:func:`section_cost`'s family share); ``total`` = the sum over courses (each at least
    0). ``per_credit`` is None when the rules publish no tuition (nothing is computed)."""

    rules: str
    per_credit: float | None
    source: str  # the published tuition's source (a URL), "" when none
    illustrative: bool
    courses: tuple[CourseSaving, ...]

    @property
    def total(self) -> float:
        return round(sum(c.saves for c in self.courses), 2)

    @property
    def family_pays(self) -> float:
        return round(sum(c.family_pays for c in self.courses), 2)

    @property
    def credits(self) -> float:
        return round(sum(c.credits for c in self.courses), 2)

    @property
    def published(self) -> float:
        return round(sum(c.published for c in self.courses), 2)


def pathway_savings(
    courses: Iterable[tuple[CourseFacts, DeliveryModel]], rules: RuleSet
) -> PathwaySavings:
    """:func:`family_savings` over a pathway's courses, with the figures that explain it."""
    per_credit = parameter_values(rules).get(PUBLISHED_TUITION)
    prm = rules.parameters.get(PUBLISHED_TUITION)
    out = []
    for course, delivery in courses:
        family = round(section_cost(course, delivery, 1, rules).family, 2)
        published = round((per_credit or 0.0) * course.credits, 2)
        out.append(
            CourseSaving(
                code=course.code,
                credits=course.credits,
                delivery=delivery,
                published=published,
                family_pays=family,
                saves=family_savings(course, delivery, rules),
            )
        )
    return PathwaySavings(
        rules=rules.name.split("; ")[0],  # the state's rules (local costs follow a "; ")
        per_credit=per_credit,
        source=rules.source_url(prm.source) if prm is not None and prm.source else "",
        illustrative=prm.illustrative if prm is not None else False,
        courses=tuple(out),
    )


def check_rate(
    rate_per_credit: float,
    item: CostItem,
    course: CourseFacts,
    delivery: DeliveryModel,
    rules: RuleSet,
    where: Where,
) -> list[Finding]:
    """A negotiated per-credit rate checked against the state's floor and ceiling."""
    params = parameter_values(rules)
    env = {**params, "credits": course.credits, "hs_credits": course.hs_credits}
    out = []
    for bound in rules.bounds:
        if bound.item is not item:
            continue
        if bound.deliveries and delivery not in bound.deliveries:
            continue
        if not bound.tags <= course.tags:
            continue
        floor = evaluate(bound.floor, env) if bound.floor is not None else None
        ceiling = evaluate(bound.ceiling, env) if bound.ceiling is not None else None
        src = rules.source_url(bound.source)
        if floor is not None and rate_per_credit + 1e-9 < floor:
            out.append(
                Finding(
                    "rate-below-floor",
                    Severity.ERROR,
                    where,
                    f"{course.code}: ${rate_per_credit:,.2f} per credit is below the floor "
                    f"${floor:,.2f} set by rule {bound.id} ({src}).",
                    {"rule": bound.id, "floor": round(floor, 2), "rate": rate_per_credit},
                )
            )
        if ceiling is not None and rate_per_credit - 1e-9 > ceiling:
            out.append(
                Finding(
                    "rate-above-ceiling",
                    Severity.ERROR,
                    where,
                    f"{course.code}: ${rate_per_credit:,.2f} per credit is above the ceiling "
                    f"${ceiling:,.2f} set by rule {bound.id} ({src}).",
                    {"rule": bound.id, "ceiling": round(ceiling, 2), "rate": rate_per_credit},
                )
            )
    return out


def check_rules(rules: RuleSet) -> list[Finding]:
    """A rule set's own problems: unknown names, cycles, missing sources."""
    out: list[Finding] = []
    try:
        params = parameter_values(rules)
    except FormulaError as exc:
        return [Finding("rule-formula", Severity.ERROR, Where(), str(exc))]
    known = set(params) | SECTION_VARIABLES
    for rule in rules.rules:
        where = rule.where or Where()
        try:
            unknown = formula_names(rule.formula) - known
        except FormulaError as exc:
            out.append(Finding("rule-formula", Severity.ERROR, where, str(exc)))
            continue
        if unknown:
            out.append(
                Finding(
                    "rule-formula",
                    Severity.ERROR,
                    where,
                    f"rule {rule.id}: unknown name(s) {', '.join(sorted(unknown))}",
                )
            )
        if not rule.source and not rule.illustrative:
            out.append(
                Finding(
                    "rule-unsourced",
                    Severity.ERROR,
                    where,
                    f"rule {rule.id} has no source; cite one or mark it illustrative.",
                )
            )
        elif rule.source and rule.source not in rules.sources:
            out.append(
                Finding(
                    "rule-unknown-source",
                    Severity.ERROR,
                    where,
                    f"rule {rule.id} cites source {rule.source!r}, not listed under sources.",
                )
            )
        if rule.item is CostItem.STATE_AID and rule.payee is None:
            out.append(
                Finding(
                    "rule-state-aid-payee",
                    Severity.ERROR,
                    where,
                    f"rule {rule.id} is state aid but names no payee.",
                )
            )
    for param in rules.parameters.values():
        if not param.source and not param.illustrative:
            out.append(
                Finding(
                    "rule-unsourced",
                    Severity.ERROR,
                    param.where or Where(),
                    f"parameter {param.name} has no source; cite one or mark it illustrative.",
                )
            )
    return out


def course_facts(
    code: str,
    title: str,
    credits: float,
    *,
    hs_credits: float | None = None,
    tags: Iterable[str] = (),
) -> CourseFacts:
    return CourseFacts(
        code=code,
        title=title,
        credits=float(credits),
        hs_credits=1.0 if hs_credits is None else float(hs_credits),
        tags=frozenset(tags),
    )
