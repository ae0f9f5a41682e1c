"""The Cedar Rapids demo region: catalog structure, pathway design rules, synthetic students."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from careerpaths.core import grades
from careerpaths.core.findings import Severity
from careerpaths.core.model import (
    Course,
    CredentialKind,
    ExitKind,
    InstitutionKind,
    Pathway,
    PathwayStatus,
    Region,
    Student,
)
from careerpaths.core.requirements import referenced_courses
from careerpaths.core.requisites import HasCredential, course_codes, course_key, walk
from careerpaths.core.terms import Season, Term
from careerpaths.demo import DEMO_REGION_ID, build_region
from careerpaths.demo.students import CURRENT_SCHOOL_YEAR, DISTRICT_OF, generate_students

SOC = re.compile(r"^\d{2}-\d{4}$")
CIP = re.compile(r"^\d{2}\.\d{4}$")
ASSOCIATE = {CredentialKind.AAS, CredentialKind.AA, CredentialKind.AS}


@pytest.fixture(scope="module")
def region() -> Region:
    """The demo region as the demo builds it: 2,400 synthetic students (about a second to
    generate). The tests of that full student body are marked ``slow``; the generator's
    determinism is checked on 150 students in every run."""
    return build_region()


@pytest.fixture(scope="module")
def catalog_only() -> Region:
    return build_region(students=0)


def course(region: Region, code: str) -> Course:
    found = region.course(code)
    assert found is not None, code
    return found


def published(region: Region) -> list[Pathway]:
    return [p for p in region.pathways.values() if p.status is PathwayStatus.PUBLISHED]


# --------------------------------------------------------------------------- institutions


def test_region_identity(catalog_only: Region) -> None:
    assert catalog_only.id == DEMO_REGION_ID == "cedar-rapids"
    assert catalog_only.sources and all(s.startswith("http") for s in catalog_only.sources)


def test_institutions(catalog_only: Region) -> None:
    by_kind = Counter(i.kind for i in catalog_only.institutions.values())
    assert by_kind[InstitutionKind.DISTRICT] >= 2
    assert by_kind[InstitutionKind.CAREER_CENTER] >= 1
    assert by_kind[InstitutionKind.COLLEGE] >= 1
    assert by_kind[InstitutionKind.UNIVERSITY] >= 1
    schools = {
        i.id: i.parent
        for i in catalog_only.institutions.values()
        if i.kind is InstitutionKind.HIGH_SCHOOL
    }
    assert schools == {
        "jefferson-hs": "crcsd",
        "kennedy-hs": "crcsd",
        "washington-hs": "crcsd",
        "metro-hs": "crcsd",
        "linn-mar-hs": "linn-mar",
    }
    assert catalog_only.institutions["kirkwood-lcrc"].parent == "kirkwood"
    for inst in catalog_only.institutions.values():
        if inst.parent:
            assert inst.parent in catalog_only.institutions


# --------------------------------------------------------------------------- courses


def test_course_codes_and_units(catalog_only: Region) -> None:
    diplomas = {
        c.issuer: c
        for c in catalog_only.credentials.values()
        if c.kind is CredentialKind.HS_DIPLOMA
    }
    assert diplomas["crcsd"].semester_course_credits == 1
    assert diplomas["linn-mar"].semester_course_credits == 5
    code = re.compile(r"^[A-Z]{1,6}[- ]?\d{1,4}[A-Z]{0,2}$")
    for key, c in catalog_only.courses.items():
        assert key == c.key
        assert code.match(c.code), c.code
        if c.is_college:
            assert c.provider == "kirkwood"
            assert c.tuition_per_credit == 217.0  # Kirkwood in-state, fall 2024
            assert c.cip and CIP.match(c.cip), c.code
            assert c.unit.value == "semester_hour"
        else:
            assert c.provider in ("crcsd", "linn-mar")
            assert c.credits == diplomas[c.provider].semester_course_credits
            assert c.hs_credit_area, c.code
        if c.hs_credit_area and c.is_college:
            assert c.hs_credits in (0.5, 1.0)


def test_real_facts_carry_sources_and_illustrations_say_what_they_model(
    catalog_only: Region,
) -> None:
    objects = [
        *catalog_only.courses.values(),
        *catalog_only.credentials.values(),
        *catalog_only.institutions.values(),
    ]
    for obj in objects:
        if not obj.illustrative:
            assert obj.source.startswith("http"), obj
    for item in catalog_only.courses.values():
        if item.illustrative:
            assert item.description, item.code
    for cred in catalog_only.credentials.values():
        if cred.illustrative:
            assert cred.description, cred.id
    # the real Iowa practical-nursing map is kept as real data
    for code in ("BIO-168", "BIO-173", "ENG-105", "HSC-205", "PNN-664", "HSC-173"):
        assert not course(catalog_only, code).illustrative


def test_known_course_facts(catalog_only: Region) -> None:
    def c(code: str) -> Course:
        return course(catalog_only, code)

    assert (c("BIO-168").credits, c("BIO-173").credits) == (4, 4)
    assert c("HSC-205").credits == 3
    assert course_codes(c("BIO-173").prerequisites) == {"BIO-168"}
    assert course_codes(c("HSC-174").strict_corequisites) == {"HSC-173"}
    assert c("PNN-663").terms_offered == frozenset({Season.SUMMER})
    pn = catalog_only.credentials["kw-pn-diploma"]
    assert pn.total_credits == 42
    assert catalog_only.credentials["kw-aa"].total_credits == 62
    assert catalog_only.credentials["kw-as"].total_credits == 62


def test_gen_ed_needs_proficiency_and_cte_is_exempt(catalog_only: Region) -> None:
    eng = course(catalog_only, "ENG-105")
    assert eng.eligibility is not None
    names = {getattr(e, "name", None) for e in walk(eng.eligibility)}
    assert {"proficient.reading", "placement.reading", "grade"} <= names
    cte = course(catalog_only, "HSC-173")
    assert cte.eligibility is not None
    assert {getattr(e, "name", None) for e in walk(cte.eligibility)} == {"grade"}


def test_no_wages_and_no_runtime_reads_of_shared_data(catalog_only: Region) -> None:
    demo = Path(__file__).resolve().parents[3] / "src" / "careerpaths" / "demo"
    for path in demo.glob("*.py"):
        assert "/work/shared" not in path.read_text(), path
    texts = [c.description for c in catalog_only.courses.values()]
    texts += [c.description + c.exam for c in catalog_only.credentials.values()]
    texts += [p.description for p in catalog_only.pathways.values()]
    texts += [e.note for p in catalog_only.pathways.values() for e in p.exits]
    for text in texts:
        assert not re.search(r"\bwage|\bsalar|\bearn\w* \$|\$\d", text, re.IGNORECASE), text


# --------------------------------------------------------------------------- references


def test_every_referenced_course_and_credential_exists(catalog_only: Region) -> None:
    courses = catalog_only.courses
    creds = catalog_only.credentials
    missing: list[str] = []

    def need_course(code: str, where: str) -> None:
        if course_key(code) not in courses:
            missing.append(f"{where}: course {code}")

    def need_cred(cid: str, where: str) -> None:
        if cid not in creds:
            missing.append(f"{where}: credential {cid}")

    for c in courses.values():
        for expr in (c.prerequisites, c.corequisites, c.strict_corequisites, c.eligibility):
            for code in course_codes(expr):
                need_course(code, c.code)
            for e in walk(expr):
                if isinstance(e, HasCredential):
                    need_cred(e.credential, c.code)
        for code in c.equivalents:
            need_course(code, c.code)
    for cred in creds.values():
        if cred.requirements is not None:
            for code in referenced_courses(cred.requirements):
                need_course(code, cred.id)
        for target in cred.stacks_into:
            need_cred(target, cred.id)
    for p in catalog_only.pathways.values():
        for pl in p.placements:
            for code in (pl.course, *pl.alternatives):
                need_course(code, p.id)
        for ex in p.exits:
            need_cred(ex.credential, p.id)
        assert p.hs_diploma is not None
        need_cred(p.hs_diploma, p.id)
        for ramp in p.on_ramps:
            for code in course_codes(ramp.requires):
                need_course(code, p.id)
        for inst in (p.owner, p.college, *p.schools):
            assert inst in catalog_only.institutions, inst
    assert missing == []


# --------------------------------------------------------------------------- pathways


def test_published_pathways_span_the_four_clusters(catalog_only: Region) -> None:
    pubs = published(catalog_only)
    assert len(pubs) >= 8
    assert {p.cluster for p in pubs} == {
        "Information Technology",
        "Health Science",
        "Business",
        "Advanced Manufacturing",
    }


def test_each_published_pathway_is_a_full_stack(catalog_only: Region) -> None:
    creds = catalog_only.credentials
    for p in published(catalog_only):
        kinds = [(creds[e.credential].kind, e) for e in p.exits]
        hs_certs = [
            e
            for k, e in kinds
            if k is CredentialKind.INDUSTRY_CERTIFICATION and e.term.in_high_school
        ]
        assert hs_certs, f"{p.id}: no industry certification exit in high school"
        assert any(k in (CredentialKind.CERTIFICATE, CredentialKind.DIPLOMA) for k, _ in kinds)
        assert any(k in ASSOCIATE for k, _ in kinds), p.id
        transfers = [e for k, e in kinds if e.kind is ExitKind.TRANSFER]
        assert transfers and all(
            creds[e.credential].kind is CredentialKind.BACHELOR for e in transfers
        )
        # each exit stacks into a later one: cert -> certificate/diploma -> associate -> bachelor
        associate = next(e.credential for k, e in kinds if k in ASSOCIATE)
        bachelor = transfers[0].credential
        assert bachelor in creds[associate].stacks_into, p.id
        for k, e in kinds:
            if k in (CredentialKind.CERTIFICATE, CredentialKind.DIPLOMA):
                assert creds[e.credential].stacks_into, e.credential
        assert p.college == "kirkwood"
        assert p.owner in ("crcsd", "linn-mar", "kirkwood-lcrc")
        assert p.placements[0].term == Term.parse("G9-FA")
        assert max(pl.term for pl in p.placements).grade == 14
        assert p.on_ramps and p.description


def test_soc_codes_are_well_formed(catalog_only: Region) -> None:
    for p in catalog_only.pathways.values():
        assert p.occupations
        for soc in p.occupations:
            assert SOC.match(soc), soc
        for e in p.exits:
            for soc in e.occupations:
                assert SOC.match(soc), soc
    for cred in catalog_only.credentials.values():
        if cred.cip:
            assert CIP.match(cred.cip), cred.id


@pytest.mark.parametrize(
    "pathway_id",
    [
        "it-network-cyber",
        "it-software-dev",
        "health-nursing",
        "health-ma-hit",
        "business-accounting",
        "business-administration",
        "mfg-welding",
        "mfg-cnc-met",
    ],
)
def test_at_least_12_college_credits_by_grade_12(catalog_only: Region, pathway_id: str) -> None:
    p = catalog_only.pathways[pathway_id]
    assert p.status is PathwayStatus.PUBLISHED
    credits = sum(
        c.semester_hours
        for pl in p.placements
        if pl.term.in_high_school and (c := catalog_only.course(pl.course))
    )
    assert credits >= 12


def test_published_pathways_validate_without_errors(catalog_only: Region) -> None:
    from careerpaths.core.validation import validate_region

    findings = validate_region(catalog_only)
    pub = {p.id for p in published(catalog_only)}
    bad = [
        f"{f.code} {f.where}: {f.message}"
        for f in findings
        if f.severity is Severity.ERROR and (f.where.pathway in pub or f.where.pathway is None)
    ]
    assert bad == []


def test_published_pathways_have_no_warnings(catalog_only: Region) -> None:
    from careerpaths.core.validation import validate_region

    findings = validate_region(catalog_only)
    pub = {p.id for p in published(catalog_only)}
    warnings = [
        f"{f.code} {f.where}"
        for f in findings
        if f.severity is Severity.WARNING and f.where.pathway in pub
    ]
    assert warnings == []


def test_the_draft_example_shows_its_problems(catalog_only: Region) -> None:
    from careerpaths.core.validation import validate_region

    draft = catalog_only.pathways["draft-engineering-tech"]
    assert draft.status is PathwayStatus.DRAFT
    codes = {f.code for f in validate_region(catalog_only) if f.where.pathway == draft.id}
    assert {
        "prerequisite-order",
        "random-act",
        "repeated-content",
        "college-credits-by-grade-12",
    } <= codes


# --------------------------------------------------------------------------- students


@pytest.mark.slow  # the full demo student body
def test_students_are_synthetic_and_many(region: Region) -> None:
    students = list(region.students.values())
    assert len(students) == 2400
    assert all(s.synthetic for s in students)
    assert all(re.match(r"^SYN-\d{6}$", s.id) for s in students)
    assert set(region.students) == {s.id for s in students}
    assert {s.school for s in students} == set(DISTRICT_OF)
    assert {s.grade_level for s in students} == {9, 10, 11, 12}
    assert {s.cohort for s in students} == {2027, 2028, 2029, 2030}
    for s in students:
        assert s.cohort == 2027 + 12 - s.grade_level
    declared = sum(s.pathway is not None for s in students) / len(students)
    assert 0.4 <= declared <= 0.6


@pytest.mark.slow  # the full demo student body
def test_student_demographics(region: Region) -> None:
    keys = {
        "race_ethnicity",
        "sex",
        "economically_disadvantaged",
        "english_learner",
        "disability",
        "homeless",
        "foster_care",
        "migrant",
        "military_connected",
        "single_parent",
        "displaced_homemaker",
    }
    students = list(region.students.values())
    for s in students:
        assert set(s.demographics) == keys
        assert s.demographics["sex"] in ("F", "M")
        for k in keys - {"race_ethnicity", "sex"}:
            assert s.demographics[k] in ("Y", "N")
        assert 0 <= s.scores["gpa"] <= 4
        for name in ("placement.math", "placement.reading"):
            if name in s.scores:
                assert 200 <= s.scores[name] <= 300
    ed = Counter(s.demographics["economically_disadvantaged"] for s in students)
    assert 0.25 < ed["Y"] / len(students) < 0.55
    assert len({s.demographics["race_ethnicity"] for s in students}) == 7


@pytest.mark.slow  # the full demo student body
def test_student_pathways_and_transcripts(region: Region) -> None:
    students = list(region.students.values())
    all_grades: Counter[str] = Counter()
    dual = 0
    for s in students:
        if s.pathway is not None:
            p = region.pathways[s.pathway]
            assert p.status is PathwayStatus.PUBLISHED and s.school in p.schools
        now = Term.of(s.grade_level, Season.FALL)
        assert s.attempts
        for a in s.attempts:
            assert region.course(a.course) is not None
            assert a.term <= now
            if a.term == now:
                assert a.grade == grades.IN_PROGRESS and a.school_year == CURRENT_SCHOOL_YEAR
            else:
                assert a.grade is not None and grades.is_known(a.grade)
                assert a.school_year != CURRENT_SCHOOL_YEAR
            all_grades[a.grade or ""] += 1
        dual += any(a.dual_credit for a in s.attempts)
    finished = sum(n for g, n in all_grades.items() if g != grades.IN_PROGRESS)
    dfw = sum(all_grades[g] for g in ("D+", "D", "D-", "F", "W"))
    assert 0.03 < dfw / finished < 0.2
    assert all_grades["W"] > 0 and all_grades["F"] > 0
    assert 0.2 < dual / len(students) < 0.7


@pytest.mark.slow  # the full demo student body
def test_declared_students_take_more_dual_credit_and_some_random_acts(region: Region) -> None:
    upper = [s for s in region.students.values() if s.grade_level >= 11]
    with_p = [s for s in upper if s.pathway]
    without = [s for s in upper if not s.pathway]

    def share(group: list[Student]) -> float:
        return sum(any(a.dual_credit for a in s.attempts) for s in group) / len(group)

    assert share(with_p) > share(without) > 0
    random_acts = 0
    for s in with_p:
        assert s.pathway is not None
        planned = {pl.key for pl in region.pathways[s.pathway].placements}
        random_acts += any(a.dual_credit and a.key not in planned for a in s.attempts)
    assert random_acts > 0


def test_generator_is_deterministic(catalog_only: Region) -> None:
    a = generate_students(catalog_only, 150, seed=7)
    b = generate_students(catalog_only, 150, seed=7)
    c = generate_students(catalog_only, 150, seed=8)
    assert a == b
    assert a != c
    assert [s.id for s in a] == [s.id for s in c]


@pytest.mark.slow  # the full demo student body
def test_build_region_default_seed_is_stable(region: Region) -> None:
    again = build_region(students=50)
    first = list(region.students.values())[:50]
    assert list(again.students.values()) == first


def test_the_demo_region_is_workspace_files_in_canonical_form(tmp_path: Path) -> None:
    """The demo ships as the format users edit: writing what it reads gives the same files."""
    from careerpaths.demo.region import demo_workspace_path
    from careerpaths.io.workspace import write_workspace

    shipped = demo_workspace_path()
    write_workspace(build_region(students=0), tmp_path / "w")
    written = {p.relative_to(tmp_path / "w") for p in (tmp_path / "w").rglob("*") if p.is_file()}
    ours = {
        p.relative_to(shipped)
        for p in shipped.rglob("*")
        if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts
    }
    assert written == ours
    for rel in written:
        assert (tmp_path / "w" / rel).read_bytes() == (shipped / rel).read_bytes(), rel
    assert build_region(students=0).settings.labor_area == "0016300"
