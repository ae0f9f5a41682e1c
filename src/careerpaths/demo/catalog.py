"""The demo region's catalog: institutions, courses, credentials and pathways.

Modelled on a real region — Cedar Rapids, Iowa: the Cedar Rapids and Linn-Mar
community school districts, Kirkwood Community College (with its Linn County Regional
Center) and the University of Iowa. Facts were collected from public pages; each real
object carries its ``source`` URL and ``illustrative=False``. Where the research found
no fact (Kirkwood's course codes for IT, welding, machining, accounting, medical
assisting and health information; most award structures and credit totals), the demo
fills the gap with an object marked ``illustrative=True`` whose ``description`` says
what it is modelled on. Nothing here is read from files at run time, and no wage or
outcome appears anywhere (wages come from BLS data elsewhere).

What is real (with its source on the object):

* Iowa and district graduation requirements: Cedar Rapids (CRCSD) 40 credit hours —
  ELA 8, math 6, science 6, social studies 6, PE/health 4, electives 10, one semester
  course = 1 credit hour; Linn-Mar 250 credits — English 40, math 30, science 30,
  social studies 30, health/fitness 20, electives 100, one semester course = 5 credits.
* Senior Year Plus eligibility (Iowa Code 261E, 281 IAC 22): proficiency in reading,
  math and science (or agreed college-readiness measures) for general-education
  courses; career and technical (CTE) courses are exempt; Kirkwood's academies serve
  juniors and seniors.
* Kirkwood: tuition $217 per credit (fall 2024); AA and AS degrees of 62 credits with
  their category distribution; HSC-205 Exploration of Healthcare Careers (3 cr) in the
  Patient Care Academy; nursing prerequisites (BIO-168 and BIO-173 with B- or better,
  Introduction to Nursing with B-, program GPA 2.75, CNA on the Iowa Direct Care
  Registry); the Advanced Welding Technologies AAS; the Business Administration AAS
  and its 2+2 agreement with the University of Iowa's Tippie College of Business.
* Iowa common course numbers and credits from other Iowa colleges' published maps
  (Iowa Lakes practical nursing, NIACC nurse aide, Hawkeye liberal arts); a Kirkwood
  course built on them says so in its description.
* Industry certifications and their issuers; SOC 2018 occupation codes; CIP 2020 codes
  (checked against the NCES CIP 2020 taxonomy).

Course-code scheme. Kirkwood courses use Iowa common course numbering (``BIO-168``,
``PNN-664``, ``ENG-105``). High-school courses are one semester each and are coded
``<district><subject>-<number>[A|B]``: district ``CR`` (Cedar Rapids) or ``LM``
(Linn-Mar); subject ``ENG`` English/language arts, ``MTH`` mathematics, ``SCI``
science, ``SOC`` social studies, ``PE`` physical education, ``HLT`` health, ``ART``
fine arts, ``SPA`` Spanish, ``CTE`` career and technical education; the hundreds digit
is the course's year in the sequence (1 = grade 9 level) and ``A``/``B`` name the two
semesters of a year-long course — e.g. ``CRENG-100A`` is English 9, first semester, at
Cedar Rapids, and ``LMMTH-300B`` is Algebra II, second semester, at Linn-Mar. The
districts' course lists were not collected, so every high-school course is
illustrative; the requirements they satisfy are real.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from careerpaths.core.model import (
    Course,
    Credential,
    CredentialKind,
    CreditUnit,
    Delivery,
    Exit,
    ExitKind,
    Institution,
    InstitutionKind,
    Level,
    OnRamp,
    Pathway,
    PathwayStatus,
    Placement,
)
from careerpaths.core.requirements import AllOf, CourseNode, Credits, NOf, Requirement, Selector
from careerpaths.core.requisites import course_key, parse
from careerpaths.core.terms import Season, Term

# --------------------------------------------------------------------------- sources

SRC_IOWA_HS = (
    "https://educate.iowa.gov/pk-12/accreditation-program-approval/high-school-requirements"
)
SRC_CRCSD = "https://kennedy.crschools.us/academics/counseling/academic-resources"
SRC_CRCSD_METRO = "https://metro.crschools.us/academics/graduation-requirements"
SRC_WASHINGTON = "https://sites.google.com/site/cwrcounseling/academics?authuser=0"
SRC_LINN_MAR = "https://www.linnmar.k12.ia.us/school/linn-mar/counseling/academics/"
SRC_LINN_MAR_POLICY = "https://policy.linnmar.k12.ia.us/policy/6053-graduation-requirements"
SRC_SYP_ECS = "http://ecs.force.com/mbdata/mbstprofexc?Rep=DC13P&st=Iowa"
SRC_SYP_261E3 = (
    "https://casetext.com/statute/code-of-iowa/title-vii-education-history-and-culture/"
    "chapter-261e-senior-year-plus-program/section-261e3-eligibility"
)
SRC_SYP_IAC = "https://www.law.cornell.edu/regulations/iowa/Iowa-Admin-Code-r-281-22-2"
SRC_KW_FAQ = "https://ext.kirkwood.edu/programs/career-academies/faq"
SRC_KW_ACADEMIES = "https://kirkwoodonlinenews.org/career-academies-building-skills-for-the-future/"
SRC_KW_WASHINGTON_CO = "https://www.southeastiowaunion.com/news/wms-visits-kirkwood"
SRC_KW_TUITION = (
    "https://www.thegazette.com/higher-education/"
    "kirkwood-community-college-increases-tuition-3-3-for-next-fall"
)
SRC_KW_PCA = "http://www.kirkwood.edu/site/index.php?p=34412"
SRC_KW_PCA_OLD = "https://docsbay.net/health-science-patient-care-academy"
SRC_KW_AS_ACADEMY = "https://kennedytorch.org/13597/opinion/kirkwood-academy-classes/"
SRC_KW_BUSINESS_ACADEMY = (
    "https://www.southeastiowaunion.com/se-iowa-union-hometown-current/"
    "kirkwood-introduces-programs-to-high-schoolers"
)
SRC_KW_AA_AS = "http://www.kirkwood.edu/site/index.php?p=8224"
SRC_KW_NURSING = "http://www.kirkwood.edu/site/index.php?p=40113"
SRC_KW_NURSING_FAQ = "https://kirkwood.edu/programs/degrees/health-wellness/nursing/nursing-faq"
SRC_KW_TIPPIE = (
    "https://www.press-citizen.com/story/news/education/university-of-iowa/2015/05/22/"
    "kirkwood-iowa-tippie/27797591/"
)
SRC_KW_PRE_BSN = "https://studylib.net/doc/8662271/pre-baccalaureate-degree-nursing-program"
SRC_KW_HIT = (
    "https://studylib.net/doc/10820784/student-handbook-2014---2015-health-information-technology--"
)
SRC_KW_CNC = (
    "https://www.thegazette.com/2013/02/17/"
    "kirkwood-community-college-working-to-attract-train-gold-collar-workers"
)
SRC_IOWA_LAKES_PN = "https://yumpu.com/en/document/view/36253447/practical-nursing-associate-degree-nursing-iowa-lakes-/13"
SRC_NIACC_HSC173 = "https://catalog.niacc.edu/preview_course.php?catoid=11&coid=10966"
SRC_NIACC_HSC174 = "http://catalog.niacc.edu/preview_course.php?catoid=9&coid=8111&print"
SRC_HAWKEYE_LA = "https://www.hawkeyecollege.edu/programs/liberal-arts/courses"
SRC_HAWKEYE_UI = (
    "http://hawkeyecollege.edu/academics/transfer/information/uiowa-general-education.aspx"
)
SRC_HAWKEYE_PROGRAMS = "http://docplayer.net/526242-50704-8015-t-a-2008-2011-319-296-hawk.html"
SRC_INDIAN_HILLS = (
    "https://catalog.indianhills.edu/preview_entity.php?catoid=64&ent_oid=2779&returnto=3917"
)
SRC_CINCINNATI_BKC = (
    "https://catalog.cincinnatistate.edu/academicdivisionsanddegreeampcertificateprograms/"
    "businesstechnologiesdivision/accountingtechnologies/bkc/"
)
SRC_JACKSON_ACC = "https://www.jccmi.edu/degree/accounting-associate-in-applied-science/"
SRC_OAKTON_MFG120 = (
    "https://www.oakton.edu/academics/academic_departments/manufacturing/syllabi/mfg120.php"
)
SRC_HARPER_CIS102 = "http://www.harpercollege.edu/bus-ss/cis/NetPrep/cis102.htm"
SRC_UI_CLAS = "http://www.uiowa.edu/web/advisingcenter/academiclifeatiowa.htm"
# certifications
SRC_CNA = "https://dial.iowa.gov/i-need/licenses/health/direct-care/how-do-i-2"
SRC_NCLEX = "https://nursing.iowa.gov/licensure/exam-nclex"
SRC_CMA = "https://www.aama-ntl.org/cma-aama-exam/eligibility"
SRC_RHIT = (
    "https://www.medicaltechnologyschools.com/health-information-technology/how-to-become-rhit"
)
SRC_A_PLUS = "https://grokipedia.opelly.me/articles/comp-tia-a-plus"
SRC_NETWORK_PLUS = "https://grokipedia.com/page/CompTIA_Network"
SRC_SECURITY_PLUS = "https://insurancedesignationlookup.com/designations/security-comptia-security"
SRC_AWS_CW = "http://www.aeisndt.com/welder-qualification.html"
SRC_NIMS = "https://www.nims-skills.org/web/nims/3"
SRC_OSHA = (
    "https://studylib.net/doc/8973652/osha-outreach-training-program-guidelines-general-industry"
)
SRC_MSSC = "http://www.msscusa.org/production-certification-cpt/"
SRC_MOS = "https://archive.is/20120903152921/http://www.microsoft.com/learning/en/us/certification/mos.aspx"
SRC_QUICKBOOKS = (
    "https://ebookreading.net/view/book/"
    "Mastering+QuickBooks+++2023+-+Fourth+Edition-EB9781803243634_29.html"
)
# occupations (SOC 2018)
SRC_SOC: dict[str, str] = {
    "15-1232": "https://www.onetcodeconnector.org/ccreport/15-1232.00?redir=15-1151.00",
    "15-1231": "https://usa.databasesets.com/soc-2018-definitions/list?page=14",
    "15-1244": "https://usa.databasesets.com/soc-2018-definitions/detailed/15-1244",
    "15-1212": (
        "https://www.yumeyi.com/zh/an-lei-bie-fen-de-zhi-ye/15-0000-computer-and-mathematical-occupations"
    ),
    "15-1252": "https://h1b.work/soc/41",
    "15-1251": "https://h1b.work/soc/41",
    "15-1253": "https://h1b.work/soc/41",
    "15-1254": "https://h1b.work/soc/41",
    "31-1131": (
        "https://apps.deed.state.mn.us/lmi/oes/DetailedOccupationData?code=311131"
        "&geog=CMN,NEMN,NWMN,SEMN,SWMN,SCMN,US,MN"
    ),
    "29-2061": "https://www.transfervirginia.org/careers/29-2061.00",
    "29-1141": "https://insights.ovid.com/pubmed?PMID=28471877",
    "31-9092": "http://data.bls.gov/cgi-bin/print.pl/soc/2000/soc_k0a0.htm",
    "29-2072": "https://onetonline.org/find/match/2/29-2072.00",
    "43-3031": "http://www.onetcodeconnector.org/ccreport/43-3031.00",
    "13-2011": "https://www.onetonline.org/find/match/221/13-2011.01?s=computer",
    "11-1021": "https://www.bls.gov/oes/2023/May/naics4_3330A1.htm",
    "51-4121": "http://www.onetonline.org/link/details/51-4121.06",
    "51-4041": "https://www.dws.state.nm.us/eds/EDS200702/National/PAGE4148.HTM",
    "51-9161": "https://singulariki.ryanjhunter.workers.dev/roles/role-51-9161-00/context.md",
    "51-9162": "https://www.onetonline.org/link/summary/51-9162.00?redir=51-4012.00",
    "49-9041": "https://www.onetonline.org/skills/zone/49-9041.00",
    "17-3024": "https://www.onetonline.org/link/summary/17-3024.00",
}
# SOC 2018 titles of the codes used (for display; titles from the same sources).
SOC_TITLES: dict[str, str] = {
    "15-1232": "Computer User Support Specialists",
    "15-1231": "Computer Network Support Specialists",
    "15-1244": "Network and Computer Systems Administrators",
    "15-1212": "Information Security Analysts",
    "15-1252": "Software Developers",
    "15-1251": "Computer Programmers",
    "15-1253": "Software Quality Assurance Analysts and Testers",
    "15-1254": "Web Developers",
    "31-1131": "Nursing Assistants",
    "29-2061": "Licensed Practical and Licensed Vocational Nurses",
    "29-1141": "Registered Nurses",
    "31-9092": "Medical Assistants",
    "29-2072": "Medical Records Specialists",
    "43-3031": "Bookkeeping, Accounting, and Auditing Clerks",
    "13-2011": "Accountants and Auditors",
    "11-1021": "General and Operations Managers",
    "51-4121": "Welders, Cutters, Solderers, and Brazers",
    "51-4041": "Machinists",
    "51-9161": "Computer Numerically Controlled Tool Operators",
    "51-9162": "Computer Numerically Controlled Tool Programmers",
    "49-9041": "Industrial Machinery Mechanics",
    "17-3024": "Electro-Mechanical and Mechatronics Technologists and Technicians",
}

REGION_SOURCES: tuple[str, ...] = (
    SRC_IOWA_HS,
    SRC_CRCSD,
    SRC_CRCSD_METRO,
    SRC_LINN_MAR,
    SRC_LINN_MAR_POLICY,
    SRC_SYP_ECS,
    SRC_SYP_261E3,
    SRC_SYP_IAC,
    SRC_KW_FAQ,
    SRC_KW_ACADEMIES,
    SRC_KW_WASHINGTON_CO,
    SRC_KW_TUITION,
    SRC_KW_PCA,
    SRC_KW_AA_AS,
    SRC_KW_NURSING_FAQ,
    SRC_KW_TIPPIE,
    SRC_IOWA_LAKES_PN,
    SRC_NIACC_HSC173,
    SRC_HAWKEYE_LA,
)

# --------------------------------------------------------------------------- ids

CRCSD = "crcsd"
LINN_MAR = "linn-mar"
JEFFERSON = "jefferson-hs"
KENNEDY = "kennedy-hs"
WASHINGTON = "washington-hs"
METRO = "metro-hs"
LINN_MAR_HS = "linn-mar-hs"
KIRKWOOD = "kirkwood"
LCRC = "kirkwood-lcrc"
UIOWA = "uiowa"

CRCSD_SCHOOLS: tuple[str, ...] = (JEFFERSON, KENNEDY, WASHINGTON, METRO)
LINN_MAR_SCHOOLS: tuple[str, ...] = (LINN_MAR_HS,)
HIGH_SCHOOLS: tuple[str, ...] = (*CRCSD_SCHOOLS, *LINN_MAR_SCHOOLS)
DISTRICT_OF: dict[str, str] = {
    **dict.fromkeys(CRCSD_SCHOOLS, CRCSD),
    **dict.fromkeys(LINN_MAR_SCHOOLS, LINN_MAR),
}

CRCSD_DIPLOMA = "crcsd-diploma"
LINN_MAR_DIPLOMA = "linn-mar-diploma"
DIPLOMA_OF: dict[str, str] = {CRCSD: CRCSD_DIPLOMA, LINN_MAR: LINN_MAR_DIPLOMA}
# Credits a semester course earns under each district's diploma.
SEMESTER_CREDITS: dict[str, float] = {CRCSD: 1.0, LINN_MAR: 5.0}

# High-school credit areas (one vocabulary for both districts).
ELA, MATH, SCI, SS, HPE = "ELA", "MATH", "SCI", "SS", "HPE"
CTE, ART, WL = "CTE", "ART", "WL"
HS_AREAS: tuple[str, ...] = (ELA, MATH, SCI, SS, HPE, CTE, ART, WL)

# Career clusters of the demo pathways.
CLUSTER_IT = "Information Technology"
CLUSTER_HEALTH = "Health Science"
CLUSTER_BUSINESS = "Business"
CLUSTER_MANUFACTURING = "Advanced Manufacturing"
CLUSTERS: tuple[str, ...] = (CLUSTER_IT, CLUSTER_HEALTH, CLUSTER_BUSINESS, CLUSTER_MANUFACTURING)

TUITION_PER_CREDIT = 217.0  # Kirkwood in-state, fall 2024 (KW-4)

FA, SP, SU = Season.FALL, Season.SPRING, Season.SUMMER
FALL_SPRING = frozenset({FA, SP})

# --------------------------------------------------------------------------- institutions


def institutions() -> list[Institution]:
    k = InstitutionKind
    return [
        Institution(
            CRCSD,
            "Cedar Rapids Community School District",
            k.DISTRICT,
            city="Cedar Rapids",
            state="IA",
            source=SRC_CRCSD,
        ),
        Institution(
            LINN_MAR,
            "Linn-Mar Community School District",
            k.DISTRICT,
            city="Marion",
            state="IA",
            source=SRC_LINN_MAR,
        ),
        Institution(
            JEFFERSON,
            "Jefferson High School",
            k.HIGH_SCHOOL,
            parent=CRCSD,
            city="Cedar Rapids",
            state="IA",
            source=SRC_CRCSD,
        ),
        Institution(
            KENNEDY,
            "Kennedy High School",
            k.HIGH_SCHOOL,
            parent=CRCSD,
            city="Cedar Rapids",
            state="IA",
            source=SRC_CRCSD,
        ),
        Institution(
            WASHINGTON,
            "Washington High School",
            k.HIGH_SCHOOL,
            parent=CRCSD,
            city="Cedar Rapids",
            state="IA",
            source=SRC_WASHINGTON,
        ),
        Institution(
            METRO,
            "Metro High School",
            k.HIGH_SCHOOL,
            parent=CRCSD,
            city="Cedar Rapids",
            state="IA",
            source=SRC_CRCSD_METRO,
        ),
        Institution(
            LINN_MAR_HS,
            "Linn-Mar High School",
            k.HIGH_SCHOOL,
            parent=LINN_MAR,
            city="Marion",
            state="IA",
            source=SRC_LINN_MAR,
        ),
        Institution(
            KIRKWOOD,
            "Kirkwood Community College",
            k.COLLEGE,
            city="Cedar Rapids",
            state="IA",
            source=SRC_KW_FAQ,
        ),
        Institution(
            LCRC,
            "Kirkwood Linn County Regional Center",
            k.CAREER_CENTER,
            parent=KIRKWOOD,
            city="Hiawatha",
            state="IA",
            source=SRC_KW_ACADEMIES,
        ),
        Institution(
            UIOWA,
            "University of Iowa",
            k.UNIVERSITY,
            city="Iowa City",
            state="IA",
            source=SRC_KW_TIPPIE,
        ),
    ]


# --------------------------------------------------------------------------- high-school courses


@dataclass(frozen=True)
class _HS:
    code: str
    title: str
    area: str
    prereq: str = ""
    tags: tuple[str, ...] = ()


# Cedar Rapids: one semester course = 1 credit hour.
_CR_HS: tuple[_HS, ...] = (
    _HS("CRENG-100A", "English 9 (first semester)", ELA),
    _HS("CRENG-100B", "English 9 (second semester)", ELA),
    _HS("CRENG-200A", "English 10 (first semester)", ELA),
    _HS("CRENG-200B", "English 10 (second semester)", ELA),
    _HS("CRENG-300A", "English 11 (first semester)", ELA),
    _HS("CRENG-300B", "English 11 (second semester)", ELA),
    _HS("CRENG-400A", "English 12 (first semester)", ELA),
    _HS("CRENG-400B", "English 12 (second semester)", ELA),
    _HS("CRENG-250", "Speech and Debate", ELA),
    _HS("CRMTH-100A", "Algebra I (first semester)", MATH),
    _HS("CRMTH-100B", "Algebra I (second semester)", MATH),
    _HS("CRMTH-200A", "Geometry (first semester)", MATH, "CRMTH-100B"),
    _HS("CRMTH-200B", "Geometry (second semester)", MATH, "CRMTH-100B"),
    _HS("CRMTH-300A", "Algebra II (first semester)", MATH, "CRMTH-100B"),
    _HS("CRMTH-300B", "Algebra II (second semester)", MATH, "CRMTH-100B"),
    _HS("CRMTH-400A", "Precalculus (first semester)", MATH, "CRMTH-300B"),
    _HS("CRMTH-400B", "Precalculus (second semester)", MATH, "CRMTH-300B"),
    _HS("CRMTH-350", "Statistics", MATH, "CRMTH-100B"),
    _HS("CRSCI-100A", "Biology (first semester)", SCI),
    _HS("CRSCI-100B", "Biology (second semester)", SCI),
    _HS("CRSCI-150A", "Earth and Space Science (first semester)", SCI),
    _HS("CRSCI-150B", "Earth and Space Science (second semester)", SCI),
    _HS("CRSCI-200A", "Chemistry (first semester)", SCI),
    _HS("CRSCI-200B", "Chemistry (second semester)", SCI),
    _HS("CRSCI-300A", "Physics (first semester)", SCI),
    _HS("CRSCI-300B", "Physics (second semester)", SCI),
    _HS("CRSCI-410", "Human Anatomy and Physiology (high school)", SCI, "CRSCI-100B"),
    _HS("CRSOC-100A", "World History (first semester)", SS),
    _HS("CRSOC-100B", "World History (second semester)", SS),
    _HS("CRSOC-200A", "U.S. History (first semester)", SS),
    _HS("CRSOC-200B", "U.S. History (second semester)", SS),
    _HS("CRSOC-300", "American Government", SS),
    _HS("CRSOC-310", "Economics (with financial literacy)", SS),
    _HS("CRSOC-320", "Psychology (high school)", SS),
    _HS("CRPE-100", "Physical Education 9", HPE),
    _HS("CRPE-200", "Physical Education 10", HPE),
    _HS("CRPE-300", "Lifetime Fitness", HPE),
    _HS("CRPE-400", "Strength and Conditioning", HPE),
    _HS("CRHLT-100", "Health (with CPR instruction)", HPE),
    _HS("CRART-100", "Art Foundations", ART),
    _HS("CRART-110", "Digital Photography", ART),
    _HS("CRART-200", "Ceramics", ART),
    _HS("CRSPA-100A", "Spanish I (first semester)", WL),
    _HS("CRSPA-100B", "Spanish I (second semester)", WL),
    _HS("CRSPA-200A", "Spanish II (first semester)", WL, "CRSPA-100B"),
    _HS("CRSPA-200B", "Spanish II (second semester)", WL, "CRSPA-100B"),
    _HS("CRCTE-110", "Introduction to Business", CTE),
    _HS("CRCTE-115", "Personal Finance", CTE),
    _HS("CRCTE-120", "Computer Applications", CTE),
    _HS("CRCTE-130", "Accounting I (high school)", CTE),
    _HS("CRCTE-140", "Introduction to Computer Science", CTE),
    _HS("CRCTE-150", "Principles of Health Science", CTE),
    _HS("CRCTE-160", "Introduction to Engineering Design", CTE),
    _HS("CRCTE-170", "Manufacturing and Welding Fundamentals", CTE),
    _HS("CRCTE-180", "Web Design", CTE),
    _HS("CRCTE-190", "Marketing", CTE),
)

# Linn-Mar: one semester course = 5 credits (a year-long course = 10).
_LM_HS: tuple[_HS, ...] = (
    _HS("LMENG-100A", "English I/9 (first semester)", ELA),
    _HS("LMENG-100B", "English I/9 (second semester)", ELA),
    _HS("LMENG-200A", "English II (first semester)", ELA),
    _HS("LMENG-200B", "English II (second semester)", ELA),
    _HS("LMENG-300A", "English III (first semester)", ELA),
    _HS("LMENG-300B", "English III (second semester)", ELA),
    _HS("LMENG-250", "Speech", ELA, tags=("speech-acting",)),
    _HS("LMENG-260", "Acting I", ELA, tags=("speech-acting",)),
    _HS("LMENG-410", "Creative Writing", ELA),
    _HS("LMENG-420", "Journalism", ELA),
    _HS("LMMTH-100A", "Algebra I (first semester)", MATH),
    _HS("LMMTH-100B", "Algebra I (second semester)", MATH),
    _HS("LMMTH-200A", "Geometry (first semester)", MATH, "LMMTH-100B"),
    _HS("LMMTH-200B", "Geometry (second semester)", MATH, "LMMTH-100B"),
    _HS("LMMTH-300A", "Algebra II (first semester)", MATH, "LMMTH-100B"),
    _HS("LMMTH-300B", "Algebra II (second semester)", MATH, "LMMTH-100B"),
    _HS("LMMTH-400A", "Precalculus (first semester)", MATH, "LMMTH-300B"),
    _HS("LMMTH-400B", "Precalculus (second semester)", MATH, "LMMTH-300B"),
    _HS("LMMTH-350", "Statistics", MATH, "LMMTH-100B"),
    _HS("LMSCI-100A", "Biology (first semester)", SCI, tags=("sci.biology",)),
    _HS("LMSCI-100B", "Biology (second semester)", SCI, tags=("sci.biology",)),
    _HS("LMSCI-150", "Earth and Space Science", SCI, tags=("sci.earth",)),
    _HS("LMSCI-200A", "Chemistry (first semester)", SCI, tags=("sci.chemistry",)),
    _HS("LMSCI-200B", "Chemistry (second semester)", SCI, tags=("sci.chemistry",)),
    _HS("LMSCI-300", "Physics Concepts", SCI, tags=("sci.physics",)),
    _HS(
        "LMSCI-410",
        "Human Anatomy and Physiology (high school)",
        SCI,
        "LMSCI-100B",
        ("sci.biology",),
    ),
    _HS("LMSOC-100A", "World History (first semester)", SS),
    _HS("LMSOC-100B", "World History (second semester)", SS),
    _HS("LMSOC-200A", "U.S. History (first semester)", SS),
    _HS("LMSOC-200B", "U.S. History (second semester)", SS),
    _HS("LMSOC-300", "American Government", SS),
    _HS("LMSOC-320", "Psychology (high school)", SS),
    _HS("LMSOC-330", "Sociology (high school)", SS),
    _HS("LMSOC-340", "Economics", SS),
    _HS("LMPE-100", "Fitness for Life", HPE),
    _HS("LMPE-200", "Team Sports", HPE),
    _HS("LMPE-300", "Lifetime Activities", HPE),
    _HS("LMPE-400", "Strength and Conditioning", HPE),
    _HS("LMHLT-100", "Health I", HPE),
    _HS("LMART-100", "Drawing I", ART),
    _HS("LMART-110", "Ceramics I", ART),
    _HS("LMART-120", "Digital Design", ART),
    _HS("LMSPA-100A", "Spanish I (first semester)", WL),
    _HS("LMSPA-100B", "Spanish I (second semester)", WL),
    _HS("LMSPA-200A", "Spanish II (first semester)", WL, "LMSPA-100B"),
    _HS("LMSPA-200B", "Spanish II (second semester)", WL, "LMSPA-100B"),
    _HS("LMSPA-300A", "Spanish III (first semester)", WL, "LMSPA-200B"),
    _HS("LMSPA-300B", "Spanish III (second semester)", WL, "LMSPA-200B"),
    _HS("LMCTE-110", "Introduction to Business", CTE),
    _HS("LMCTE-115", "Personal Finance", CTE),
    _HS("LMCTE-120", "Computer Applications", CTE),
    _HS("LMCTE-130", "Accounting I (high school)", CTE),
    _HS("LMCTE-140", "Introduction to Computer Science", CTE),
    _HS("LMCTE-150", "Principles of Health Science", CTE),
    _HS("LMCTE-160", "Introduction to Engineering Design", CTE),
    _HS("LMCTE-170", "Manufacturing Fundamentals", CTE),
    _HS("LMCTE-180", "Web Design", CTE),
    _HS("LMCTE-190", "Marketing", CTE),
)


def _hs_courses(rows: Sequence[_HS], district: str) -> list[Course]:
    name = "Cedar Rapids" if district == CRCSD else "Linn-Mar"
    per = SEMESTER_CREDITS[district]
    source = SRC_CRCSD if district == CRCSD else SRC_LINN_MAR
    return [
        Course(
            code=r.code,
            title=r.title,
            provider=district,
            credits=per,
            unit=CreditUnit.HS_CREDIT,
            level=Level.SECONDARY,
            hs_credit_area=r.area,
            prerequisites=parse(r.prereq),
            delivery=frozenset({Delivery.HIGH_SCHOOL}),
            tags=frozenset(r.tags),
            description=(
                f"Illustrative one-semester {name} high-school course ({per:g} credits toward "
                f"the {name} diploma, {r.area} area). The district's course list was not "
                "collected; the graduation requirement it serves is real."
            ),
            source=source,
            illustrative=True,
        )
        for r in rows
    ]


# --------------------------------------------------------------------------- Kirkwood courses

# Senior Year Plus eligibility, as requisite expressions.
# General-education courses: proficiency in reading, math and science on the state
# assessment (281 IAC 22.2(2)b) or an agreed college-readiness measure — modelled as an
# ACCUPLACER-style placement score of 250 (illustrative threshold). Kirkwood's academies
# serve juniors and seniors (KW-3).
_PROFICIENT = "flag proficient.reading and flag proficient.math and flag proficient.science"
ELIG_GENERAL = f"grade >= 11 and (({_PROFICIENT}) or placement.reading >= 250)"
ELIG_GENERAL_MATH = f"grade >= 11 and (({_PROFICIENT}) or placement.math >= 250)"
# CTE courses are exempt from the proficiency requirement (SYP-7, 281 IAC 22.2):
# grade level only — 11 for the regional-center academies, 10 for introductory CTE
# courses taught at the high school (SYP-2 allows grades 9-12; Kirkwood's Washington
# County Regional Center opens its academies to grades 9-12, SRC_KW_WASHINGTON_CO).
ELIG_CTE_ACADEMY = "grade >= 11"
ELIG_CTE_HIGH_SCHOOL = "grade >= 10"

_AT_HS = frozenset({Delivery.HIGH_SCHOOL, Delivery.COLLEGE_CAMPUS})
_AT_CENTER = frozenset({Delivery.CAREER_CENTER, Delivery.COLLEGE_CAMPUS})
_GENED_DELIVERY = frozenset(
    {Delivery.HIGH_SCHOOL, Delivery.CAREER_CENTER, Delivery.COLLEGE_CAMPUS, Delivery.ONLINE}
)
_CAMPUS = frozenset({Delivery.COLLEGE_CAMPUS})
_WORK = frozenset({Delivery.WORK_BASED})


def _kw(
    code: str,
    title: str,
    credits: float,
    cip: str,
    *,
    description: str,
    source: str,
    illustrative: bool = True,
    area: str | None = CTE,
    tags: Sequence[str] = ("cte",),
    terms: frozenset[Season] = FALL_SPRING,
    grade_min: int | None = None,
    eligibility: str = "",
    prerequisites: str = "",
    corequisites: str = "",
    strict: str = "",
    delivery: frozenset[Delivery] = _CAMPUS,
    equipment: Sequence[str] = (),
    equivalents: Sequence[str] = (),
) -> Course:
    hs_credits = None if area is None else (1.0 if credits >= 3 else 0.5)
    return Course(
        code=code,
        title=title,
        provider=KIRKWOOD,
        credits=float(credits),
        unit=CreditUnit.SEMESTER_HOUR,
        level=Level.POSTSECONDARY,
        cip=cip,
        hs_credit_area=area,
        hs_credits=hs_credits,
        terms_offered=terms,
        grade_min=grade_min,
        eligibility=parse(eligibility),
        prerequisites=parse(prerequisites),
        corequisites=parse(corequisites),
        strict_corequisites=parse(strict),
        delivery=delivery,
        tuition_per_credit=TUITION_PER_CREDIT,
        equipment=tuple(equipment),
        tags=frozenset(tags),
        equivalents=tuple(equivalents),
        description=description,
        source=source,
        illustrative=illustrative,
    )


def _gened(
    code: str,
    title: str,
    credits: float,
    cip: str,
    area: str,
    categories: Sequence[str],
    *,
    description: str,
    source: str,
    illustrative: bool = True,
    math: bool = False,
    prerequisites: str = "",
    terms: frozenset[Season] = FALL_SPRING,
) -> Course:
    """A general-education (arts and sciences) course; dual credit needs proficiency."""
    return _kw(
        code,
        title,
        credits,
        cip,
        description=description,
        source=source,
        illustrative=illustrative,
        area=area,
        tags=("gen-ed", *categories),
        terms=terms,
        grade_min=11,
        eligibility=ELIG_GENERAL_MATH if math else ELIG_GENERAL,
        prerequisites=prerequisites,
        delivery=_GENED_DELIVERY,
    )


_INVENTED = "Course code, title and credits are illustrative"
_ALL_TERMS = frozenset({FA, SP, SU})


def _general_education() -> list[Course]:
    return [
        _gened(
            "ENG-105",
            "Composition I",
            3,
            "23.1301",
            ELA,
            ("writing",),
            description=(
                "Iowa common course number; 3 credits as in the Iowa Lakes practical-nursing "
                "map. Composition I is one of the four courses of Kirkwood's Arts & Sciences "
                "Academy for high-school students (kennedytorch.org, 2017). College placement "
                "applies (Iowa Lakes assesses via ACT/ASSET/Compass)."
            ),
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
            terms=_ALL_TERMS,
        ),
        _gened(
            "ENG-106",
            "Composition II",
            3,
            "23.1301",
            ELA,
            ("writing",),
            description=(
                "Code and title as in Hawkeye's University of Iowa transfer list (Iowa common "
                "numbering); Composition II is in Kirkwood's Arts & Sciences Academy. The "
                "3-credit value is assumed (illustrative)."
            ),
            source=SRC_HAWKEYE_UI,
            prerequisites="ENG-105",
        ),
        _gened(
            "SPC-101",
            "Fundamentals of Oral Communication",
            3,
            "09.0101",
            ELA,
            ("speech",),
            description=(
                "Code as used at Hawkeye (Iowa common numbering); Fundamentals of Oral "
                "Communication is in Kirkwood's Arts & Sciences Academy. Credits assumed "
                "(illustrative)."
            ),
            source=SRC_HAWKEYE_UI,
        ),
        _gened(
            "LIT-101",
            "Introduction to Literature",
            3,
            "23.1401",
            ELA,
            ("humanities",),
            description=(
                "Code and title from Hawkeye's University of Iowa transfer list (meets UI "
                "Interpretation of Literature); credits assumed (illustrative)."
            ),
            source=SRC_HAWKEYE_UI,
        ),
        _gened(
            "PHI-105",
            "Introduction to Ethics",
            3,
            "38.0101",
            ART,
            ("humanities",),
            description=f"{_INVENTED} (a typical humanities course; not verified at Kirkwood).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "HIS-151",
            "U.S. History to 1877",
            3,
            "54.0102",
            SS,
            ("history-cultures",),
            description=f"{_INVENTED} (a typical history/cultures course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "PSY-111",
            "Introduction to Psychology",
            3,
            "42.0101",
            SS,
            ("social-science",),
            description=(
                "Kirkwood's Arts & Sciences Academy includes Psychology; the code PSY-111 and "
                "3 credits are assumed (not verified anywhere) — illustrative."
            ),
            source=SRC_KW_AS_ACADEMY,
        ),
        _gened(
            "PSY-121",
            "Developmental Psychology",
            3,
            "42.2703",
            SS,
            ("social-science",),
            description=(
                "Iowa common course number and credits from the Iowa Lakes practical-nursing "
                "map (alternative to HSC-186 Human Growth & Development)."
            ),
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _gened(
            "SOC-110",
            "Introduction to Sociology",
            3,
            "45.1101",
            SS,
            ("social-science", "diversity"),
            description=f"{_INVENTED} (a typical social-science course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "ECN-120",
            "Principles of Macroeconomics",
            3,
            "45.0601",
            SS,
            ("social-science",),
            description=f"{_INVENTED} (a typical business-transfer course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "ECN-130",
            "Principles of Microeconomics",
            3,
            "45.0601",
            SS,
            ("social-science",),
            description=f"{_INVENTED} (a typical business-transfer course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "MAT-744",
            "Technical Mathematics",
            3,
            "27.0301",
            MATH,
            ("math",),
            math=True,
            description=(
                f"{_INVENTED}: applied mathematics for technical (AAS) programs, counted as "
                "general education."
            ),
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "MAT-121",
            "College Algebra",
            4,
            "27.0101",
            MATH,
            ("math", "college-math"),
            math=True,
            description=f"{_INVENTED} (a college-level mathematics course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "MAT-156",
            "Statistics",
            3,
            "27.0501",
            MATH,
            ("math", "college-math"),
            math=True,
            description=f"{_INVENTED} (a college-level mathematics course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "MAT-210",
            "Calculus I",
            5,
            "27.0101",
            MATH,
            ("math", "college-math"),
            math=True,
            prerequisites="MAT-121",
            description=f"{_INVENTED} (a college-level mathematics course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "PHY-162",
            "College Physics I",
            4,
            "40.0801",
            SCI,
            ("science",),
            math=True,
            prerequisites="MAT-121",
            description=f"{_INVENTED} (a laboratory science course).",
            source=SRC_KW_AA_AS,
        ),
        _gened(
            "BIO-105",
            "Introductory Biology",
            4,
            "26.0101",
            SCI,
            ("science",),
            description=(
                "Iowa common course number and 4 credits from Hawkeye's liberal-arts sequence "
                "(an AA natural-science option); Kirkwood's section is not verified."
            ),
            source=SRC_HAWKEYE_LA,
            illustrative=False,
        ),
        _gened(
            "BIO-163",
            "Essentials of Anatomy and Physiology",
            4,
            "26.0403",
            SCI,
            ("science",),
            description=(
                "Iowa common course number and 4 credits from Hawkeye's liberal-arts list; "
                "Kirkwood's section is not verified."
            ),
            source=SRC_HAWKEYE_LA,
            illustrative=False,
        ),
        _gened(
            "BIO-168",
            "Human Anatomy and Physiology I (with lab)",
            4,
            "26.0403",
            SCI,
            ("science",),
            description=(
                "Kirkwood nursing prerequisite (B- or better, taken within 5 years). Kirkwood "
                "does not show the credits; 4 credits as at Iowa Lakes and Hawkeye."
            ),
            source=SRC_KW_NURSING_FAQ,
            illustrative=False,
            terms=_ALL_TERMS,
        ),
        _gened(
            "BIO-173",
            "Human Anatomy and Physiology II (with lab)",
            4,
            "26.0403",
            SCI,
            ("science",),
            prerequisites="BIO-168",
            description=(
                "Kirkwood nursing prerequisite (B- or better, taken within 5 years); follows "
                "BIO-168. 4 credits as in the Iowa Lakes practical-nursing map."
            ),
            source=SRC_KW_NURSING_FAQ,
            illustrative=False,
            terms=_ALL_TERMS,
        ),
        _gened(
            "BIO-186",
            "Microbiology",
            4,
            "26.0502",
            SCI,
            ("science",),
            prerequisites="BIO-168",
            description=(
                "Iowa common course number and 4 credits from Hawkeye's liberal-arts list; "
                "modelled here as part of the associate-degree nursing year (illustrative "
                "placement); Kirkwood's section is not verified."
            ),
            source=SRC_HAWKEYE_LA,
            illustrative=False,
        ),
        _gened(
            "BIO-151",
            "Nutrition",
            3,
            "19.0501",
            SCI,
            ("science",),
            description=(
                "Iowa common course number and credits from the Iowa Lakes practical-nursing "
                "map (alternative to HSC-163)."
            ),
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
    ]


_IOWA_LAKES = (
    "Iowa common course number and credits from the Iowa Lakes Community College "
    "practical-nursing diploma map (42 credits, 16/17/9 by semester); Kirkwood's own "
    "map was not available, so this Kirkwood course is modelled on it."
)
_PN_ADMISSION = (
    "BIO-168 with B- and BIO-173 with B- and HSC-190 with B- and credential iowa-cna "
    "and gpa >= 2.75"
)


def _health() -> list[Course]:
    sim = ("Kirkwood Simulation Center", "patient-care skills lab with hospital beds")
    return [
        _kw(
            "HSC-205",
            "Exploration of Healthcare Careers",
            3,
            "51.0000",
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            delivery=_AT_CENTER,
            equipment=("Kirkwood Simulation Center",),
            description=(
                "Kirkwood Patient Care Academy course for high-school juniors and seniors at "
                "the Linn County Regional Center; field trips to an area hospital or the "
                "Career Expo."
            ),
            source=SRC_KW_PCA,
            illustrative=False,
        ),
        _kw(
            "HSC-113",
            "Medical Terminology",
            3,
            "51.0000",
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            delivery=_GENED_DELIVERY,
            description=(
                f"{_INVENTED}: stands for part of the Patient Care Academy's remaining "
                "credits (the academy is 12.5 credits; only HSC-205 was captured)."
            ),
            source=SRC_KW_PCA,
        ),
        _kw(
            "HSC-109",
            "First Aid and CPR/BLS",
            1,
            "51.0000",
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            delivery=_AT_CENTER,
            equipment=("CPR manikins", "AED trainers"),
            description=(
                f"{_INVENTED}: the Patient Care Academy lists First Aid and American Heart "
                "Association CPR among its certifications; this course stands for that "
                "preparation."
            ),
            source=SRC_KW_PCA,
        ),
        _kw(
            "HSC-173",
            "Nurse Aide Theory",
            3,
            "51.3902",
            terms=_ALL_TERMS,
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            strict="HSC-174",
            delivery=_AT_CENTER,
            equipment=sim,
            description=(
                "Iowa common course number and credits from NIACC (35 lecture + 20 lab hours; "
                "OBRA-compliant nurse aide course, corequisite HSC-174). Entrance: age 16+, "
                "background check, immunizations; high-school students need a counselor "
                "letter. Kirkwood's Patient Care Academy prepares students for the Iowa CNA "
                "exam; this Kirkwood course is modelled on NIACC's."
            ),
            source=SRC_NIACC_HSC173,
            illustrative=False,
        ),
        _kw(
            "HSC-174",
            "Nurse Aide Clinical",
            1,
            "51.3902",
            terms=_ALL_TERMS,
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            strict="HSC-173",
            delivery=frozenset({Delivery.WORK_BASED, Delivery.CAREER_CENTER}),
            equipment=("clinical placement in a nursing facility",),
            description=(
                "45 clinical hours in a nursing facility, taken with HSC-173 (NIACC course "
                "number and credits; modelled for Kirkwood)."
            ),
            source=SRC_NIACC_HSC174,
            illustrative=False,
        ),
        _kw(
            "HSC-190",
            "Introduction to Nursing",
            2,
            "51.3801",
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            delivery=_AT_CENTER,
            description=(
                "Kirkwood's nursing FAQ requires Introduction to Nursing with B- or better "
                "before the LPN/RN program, but shows no code or credits: HSC-190 and 2 "
                "credits are illustrative."
            ),
            source=SRC_KW_NURSING_FAQ,
        ),
        _kw(
            "HSC-163",
            "Nutrition",
            3,
            "19.0501",
            terms=_ALL_TERMS,
            delivery=_GENED_DELIVERY,
            grade_min=11,
            eligibility=ELIG_GENERAL,
            description=f"{_IOWA_LAKES} Semester 1 (or BIO-151).",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "HSC-153",
            "Concepts in Pharmacology",
            3,
            "51.3901",
            area=None,
            description=f"{_IOWA_LAKES} Semester 1.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "HSC-151",
            "Dosage Calculations",
            1,
            "51.3901",
            area=None,
            description=f"{_IOWA_LAKES} Semester 1.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "HSC-186",
            "Human Growth and Development",
            3,
            "42.2703",
            area=SS,
            tags=("social-science",),
            grade_min=11,
            eligibility=ELIG_GENERAL,
            delivery=_GENED_DELIVERY,
            description=f"{_IOWA_LAKES} Semester 2 (or PSY-121).",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-664",
            "Practical Nursing I",
            4,
            "51.3901",
            area=None,
            terms=frozenset({FA}),
            prerequisites=_PN_ADMISSION,
            equipment=sim,
            description=(
                f"{_IOWA_LAKES} Semester 1. Admission follows Kirkwood's nursing "
                "prerequisites: BIO-168 and BIO-173 with B- (within 5 years), Introduction "
                "to Nursing with B-, a 2.75 program GPA and a CNA on the Iowa Direct Care "
                "Registry."
            ),
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-665",
            "Practical Nursing I Clinical",
            1,
            "51.3901",
            area=None,
            terms=frozenset({FA}),
            strict="PNN-664",
            delivery=frozenset({Delivery.WORK_BASED}),
            equipment=("hospital and long-term-care clinical sites",),
            description=f"{_IOWA_LAKES} Semester 1, with PNN-664.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-662",
            "Practical Nursing II",
            7,
            "51.3901",
            area=None,
            terms=frozenset({SP}),
            prerequisites="PNN-664 and PNN-665",
            equipment=sim,
            description=f"{_IOWA_LAKES} Semester 2.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-666",
            "Practical Nursing II Clinical",
            3,
            "51.3901",
            area=None,
            terms=frozenset({SP}),
            strict="PNN-662",
            delivery=frozenset({Delivery.WORK_BASED}),
            equipment=("hospital and long-term-care clinical sites",),
            description=f"{_IOWA_LAKES} Semester 2, with PNN-662.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-663",
            "Practical Nursing III",
            4,
            "51.3901",
            area=None,
            terms=frozenset({SU}),
            prerequisites="PNN-662 and PNN-666",
            description=f"{_IOWA_LAKES} Semester 3 (summer).",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        _kw(
            "PNN-667",
            "Practical Nursing III Preceptorship",
            2,
            "51.3901",
            area=None,
            terms=frozenset({SU}),
            strict="PNN-663",
            delivery=frozenset({Delivery.WORK_BASED}),
            description=f"{_IOWA_LAKES} Semester 3 (summer), with PNN-663.",
            source=SRC_IOWA_LAKES_PN,
            illustrative=False,
        ),
        *[
            _kw(
                code,
                title,
                credits,
                "51.3801",
                area=None,
                terms=frozenset({season}),
                prerequisites=pre,
                strict=strict,
                equipment=sim,
                delivery=frozenset({Delivery.COLLEGE_CAMPUS, Delivery.WORK_BASED})
                if "Clinical" in title
                else _CAMPUS,
                description=(
                    f"{_INVENTED}: the registered-nursing (level II) year of an Iowa LPN-to-ADN "
                    "ladder, modelled on Indian Hills (PN diploma, then ADN with LPN advanced "
                    "standing). Kirkwood's Nursing (LPN/RN) award structure is not verified."
                ),
                source=SRC_INDIAN_HILLS,
            )
            for code, title, credits, season, pre, strict in (
                (
                    "ADN-412",
                    "Nursing Care of Clients with Complex Needs I",
                    5,
                    FA,
                    "PNN-663 and PNN-667",
                    "",
                ),
                ("ADN-413", "Complex Needs I Clinical", 3, FA, "", "ADN-412"),
                ("ADN-414", "Nursing Care of Clients with Complex Needs II", 5, SP, "ADN-412", ""),
                ("ADN-415", "Complex Needs II Clinical", 3, SP, "", "ADN-414"),
                ("ADN-416", "Transition to Professional Nursing Practice", 2, SP, "ADN-412", ""),
            )
        ],
    ]


_MA = (
    "Kirkwood offers a medical-assistant program, but its courses were not found: code, "
    "title and credits are illustrative (a typical CAAHEP/ABHES-style medical-assisting "
    "curriculum)."
)
_HIT = (
    "Kirkwood has a Health Information Technology program (2014-15 student handbook), but "
    "its courses were not found: code, title and credits are illustrative (a typical "
    "CAHIIM-style curriculum)."
)


def _allied_health() -> list[Course]:
    lab = ("medical-assisting lab with exam tables", "phlebotomy and lab-testing supplies")
    rows: list[tuple[str, str, float, str, str, Sequence[str], frozenset[Delivery]]] = [
        ("MAP-112", "Medical Office Procedures", 3, "51.0801", "", (), _AT_CENTER),
        ("MAP-120", "Medical Law and Ethics", 2, "51.0801", "", (), _CAMPUS),
        ("MAP-130", "Clinical Procedures I", 4, "51.0801", "BIO-163", lab, _CAMPUS),
        ("MAP-131", "Clinical Procedures II", 4, "51.0801", "MAP-130", lab, _CAMPUS),
        ("MAP-140", "Medical Laboratory Procedures", 4, "51.0801", "BIO-163", lab, _CAMPUS),
        ("MAP-150", "Pharmacology for Medical Assistants", 3, "51.0801", "HSC-113", (), _CAMPUS),
        (
            "MAP-190",
            "Medical Assistant Practicum",
            4,
            "51.0801",
            "MAP-130 and MAP-140",
            ("ambulatory-care clinic placement",),
            _WORK,
        ),
    ]
    out = [
        _kw(
            code,
            title,
            credits,
            cip,
            area=CTE if code == "MAP-112" else None,
            grade_min=11 if code == "MAP-112" else None,
            eligibility=ELIG_CTE_ACADEMY if code == "MAP-112" else "",
            prerequisites=pre,
            equipment=equip,
            delivery=delivery,
            description=_MA,
            source=SRC_KW_PCA,
        )
        for code, title, credits, cip, pre, equip, delivery in rows
    ]
    hit_rows: list[tuple[str, str, float, str]] = [
        ("HIT-110", "Introduction to Health Information Management", 3, ""),
        ("HIT-130", "Diagnosis Coding (ICD-10-CM/PCS)", 4, "HSC-113 and BIO-163"),
        ("HIT-135", "Procedure Coding (CPT/HCPCS)", 3, "HSC-113"),
        ("HIT-140", "Pathophysiology for Health Information", 3, "BIO-163"),
        ("HIT-210", "Legal and Ethical Aspects of Health Information", 3, "HIT-110"),
        ("HIT-220", "Healthcare Statistics and Data Analytics", 3, "HIT-110"),
        ("HIT-230", "Reimbursement and Revenue Cycle", 3, "HIT-130"),
        ("HIT-240", "Electronic Health Records and Quality Management", 3, "HIT-110"),
        ("HIT-290", "Health Information Professional Practice", 3, "HIT-130 and HIT-210"),
    ]
    out += [
        _kw(
            code,
            title,
            credits,
            "51.0707",
            area=CTE if code == "HIT-110" else None,
            grade_min=11 if code == "HIT-110" else None,
            eligibility=ELIG_CTE_ACADEMY if code == "HIT-110" else "",
            prerequisites=pre,
            delivery=_WORK
            if code == "HIT-290"
            else frozenset({Delivery.COLLEGE_CAMPUS, Delivery.ONLINE}),
            description=_HIT,
            source=SRC_KW_HIT,
        )
        for code, title, credits, pre in hit_rows
    ]
    return out


_NET = (
    "No Iowa-numbered IT course was found for Kirkwood: code, title and credits are "
    "illustrative, on the pattern of Hawkeye's networking programs (2008-11 catalog)."
)


def _information_technology() -> list[Course]:
    lab = ("networking lab racks (routers, switches, firewalls)",)
    out = [
        _kw(
            "NET-102",
            "IT Essentials: Hardware and Operating Systems",
            4,
            "11.1006",
            grade_min=10,
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            delivery=_AT_HS,
            equipment=("PC repair lab workstations",),
            description=f"{_NET} Prepares for CompTIA A+.",
            source=SRC_HAWKEYE_PROGRAMS,
        ),
        _kw(
            "NET-110",
            "Networking Fundamentals",
            3,
            "11.0901",
            grade_min=10,
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            delivery=_AT_HS,
            equipment=lab,
            description=(
                "Illustrative Kirkwood course modelled on Harper College (IL) CIS 102 NetPrep "
                "Networking Fundamentals (3 credits; basic computer skills, no course "
                "prerequisite; the comparator page is old)."
            ),
            source=SRC_HARPER_CIS102,
        ),
    ]
    rows: list[tuple[str, str, float, str, str, bool]] = [
        ("NET-122", "Routing and Switching", 4, "11.0901", "NET-110", True),
        ("NET-140", "Network Security Fundamentals", 3, "11.1003", "NET-110", True),
        ("NET-150", "Linux System Administration", 3, "11.1001", "NET-102", True),
        ("NET-160", "Windows Server Administration", 4, "11.1001", "NET-110", True),
        ("NET-210", "Cybersecurity Operations", 3, "11.1003", "NET-140", True),
        ("NET-220", "Ethical Hacking and Penetration Testing", 3, "11.1003", "NET-210", False),
        ("NET-230", "Cloud and Virtualization", 3, "11.0901", "NET-160", False),
        ("NET-240", "Scripting for System Administrators", 3, "11.1001", "NET-150", False),
        ("NET-250", "Digital Forensics and Incident Response", 3, "11.1003", "NET-210", False),
    ]
    out += [
        _kw(
            code,
            title,
            credits,
            cip,
            area=CTE if dual else None,
            grade_min=11 if dual else None,
            eligibility=ELIG_CTE_ACADEMY if dual else "",
            prerequisites=pre,
            delivery=_AT_CENTER if dual else _CAMPUS,
            equipment=lab,
            description=_NET,
            source=SRC_HAWKEYE_PROGRAMS,
        )
        for code, title, credits, cip, pre, dual in rows
    ]
    out.append(
        _kw(
            "NET-290",
            "IT Internship",
            3,
            "11.0901",
            area=None,
            prerequisites="NET-122 and NET-140",
            delivery=_WORK,
            description=f"{_NET} Work-based learning with an area employer.",
            source=SRC_HAWKEYE_PROGRAMS,
        )
    )
    cis: list[tuple[str, str, float, str, str, int | None]] = [
        ("CIS-130", "Introduction to Programming (Python)", 3, "11.0201", "", 10),
        ("CIS-140", "Web Development I", 3, "11.0801", "", 11),
        ("CIS-152", "Database Concepts and SQL", 3, "11.0802", "", 11),
        ("CIS-171", "Java Programming I", 4, "11.0201", "CIS-130", 11),
        ("CIS-172", "Java Programming II: Data Structures", 4, "11.0201", "CIS-171", 11),
        ("CIS-202", "Mobile Application Development", 3, "11.0201", "CIS-171", None),
        ("CIS-220", "Software Testing and Quality Assurance", 3, "11.0201", "CIS-171", None),
        ("CIS-290", "Software Development Capstone", 3, "11.0201", "CIS-172", None),
    ]
    out += [
        _kw(
            code,
            title,
            credits,
            cip,
            area=CTE if gmin else None,
            grade_min=gmin,
            eligibility=(ELIG_CTE_HIGH_SCHOOL if gmin == 10 else ELIG_CTE_ACADEMY) if gmin else "",
            prerequisites=pre,
            delivery=(_AT_HS if gmin == 10 else _AT_CENTER) if gmin else _CAMPUS,
            equipment=("computer lab",),
            description=(
                "Kirkwood has a Computer Software Development program, but no course list was "
                "found: code, title and credits are illustrative."
            ),
            source=SRC_HAWKEYE_PROGRAMS,
        )
        for code, title, credits, cip, pre, gmin in cis
    ]
    return out


_BUS = (
    "Kirkwood's business course codes were not found: code and credits are illustrative "
    "(Iowa-style numbering)."
)
_CINCY = "Illustrative Kirkwood course modelled on Cincinnati State (OH) {0} ({1} credits) in its 29-credit Bookkeeping Certificate (a Midwest comparator)."


def _business() -> list[Course]:
    def bus(
        code: str,
        title: str,
        credits: float,
        cip: str,
        *,
        description: str,
        source: str = SRC_KW_TIPPIE,
        pre: str = "",
        dual: int | None = None,
        equivalents: Sequence[str] = (),
        work: bool = False,
    ) -> Course:
        return _kw(
            code,
            title,
            credits,
            cip,
            area=CTE if dual else None,
            grade_min=dual,
            eligibility=(ELIG_CTE_HIGH_SCHOOL if dual == 10 else ELIG_CTE_ACADEMY) if dual else "",
            prerequisites=pre,
            delivery=_WORK if work else (_AT_HS if dual else _CAMPUS),
            equivalents=equivalents,
            description=description,
            source=source,
        )

    return [
        bus(
            "BUS-102",
            "Introduction to Business",
            3,
            "52.0101",
            dual=10,
            equivalents=("CRCTE-110", "LMCTE-110"),
            description=(
                "Introduction to Business is one of the two courses of Kirkwood's high-school "
                f"Business Academy (2024). {_BUS}"
            ),
            source=SRC_KW_BUSINESS_ACADEMY,
        ),
        bus(
            "BUS-130",
            "Introduction to Entrepreneurship",
            3,
            "52.0701",
            dual=10,
            description=(
                "Introduction to Entrepreneurship is the second course of Kirkwood's Business "
                f"Academy (2024). {_BUS}"
            ),
            source=SRC_KW_BUSINESS_ACADEMY,
        ),
        bus(
            "BCA-212",
            "Introduction to Computer Business Applications",
            3,
            "52.0407",
            dual=10,
            equivalents=("CRCTE-120", "LMCTE-120"),
            description=_CINCY.format("IM 111 Computer Applications", 3)
            + " Prepares for Microsoft Office Specialist.",
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "BCA-225",
            "Spreadsheet Applications (Microsoft Excel)",
            3,
            "52.0407",
            dual=11,
            pre="BCA-212",
            description=_CINCY.format("IM 120 Electronic Spreadsheets: Microsoft Excel", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-152",
            "Financial Accounting",
            4,
            "52.0301",
            dual=11,
            description=_CINCY.format("ACC 101 Financial Accounting", 3)
            + " 4 credits, as in many Iowa transfer maps.",
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-156",
            "Managerial Accounting",
            4,
            "52.0301",
            dual=11,
            pre="ACC-152",
            description=_CINCY.format("ACC 102 Managerial Accounting", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-131",
            "Payroll Accounting",
            3,
            "52.0302",
            dual=11,
            pre="ACC-152",
            description=_CINCY.format("ACC 130 Payroll Procedures", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-165",
            "Computerized Accounting: QuickBooks",
            2,
            "52.0302",
            dual=11,
            pre="ACC-152",
            description=_CINCY.format("ACC 125 Computerized Bookkeeping: QuickBooks", 2)
            + " Prepares for QuickBooks Certified User.",
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-135",
            "Financial Statement Analysis",
            2,
            "52.0301",
            dual=11,
            pre="ACC-152",
            description=_CINCY.format("ACC 135 Financial Statement Analysis", 2),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-240",
            "Bookkeeping Certification Review",
            4,
            "52.0302",
            pre="ACC-156 and ACC-131",
            description=_CINCY.format("ACC 240 Bookkeeping Certification Review", 4)
            + " Prepares for the AIPB bookkeeper exam.",
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-231",
            "Intermediate Accounting I",
            4,
            "52.0301",
            pre="ACC-156",
            description=_CINCY.format("ACC 201 Intermediate Accounting 1", 4),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-232",
            "Intermediate Accounting II",
            4,
            "52.0301",
            pre="ACC-231",
            description=f"{_BUS} Follows ACC-231 (as in the Jackson College accounting AAS).",
            source=SRC_JACKSON_ACC,
        ),
        bus(
            "ACC-265",
            "Federal Income Tax",
            3,
            "52.0302",
            pre="ACC-152",
            description=_CINCY.format("ACC 180 Federal Taxation: Business", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-110",
            "Accounting Information Systems",
            3,
            "52.0302",
            pre="ACC-152",
            description=_CINCY.format("ACC 110 Accounting Information Systems", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "ACC-290",
            "Accounting Internship",
            3,
            "52.0302",
            pre="ACC-231",
            work=True,
            description=f"{_BUS} Work-based learning in an area accounting office.",
            source=SRC_JACKSON_ACC,
        ),
        bus(
            "BUS-185",
            "Business Law I",
            3,
            "52.0101",
            description=_CINCY.format("LAW 101 Business Law", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "MGT-101",
            "Principles of Management",
            3,
            "52.0201",
            dual=11,
            description=_CINCY.format("MGT 101 Principles of Management", 3),
            source=SRC_CINCINNATI_BKC,
        ),
        bus(
            "MKT-110",
            "Principles of Marketing",
            3,
            "52.1401",
            dual=11,
            equivalents=("CRCTE-190", "LMCTE-190"),
            description=_BUS,
        ),
        bus(
            "BUS-121",
            "Business Communications",
            3,
            "52.0501",
            pre="ENG-105",
            description=_BUS,
        ),
        bus(
            "BUS-290",
            "Business Internship",
            3,
            "52.0201",
            pre="MGT-101",
            work=True,
            description=f"{_BUS} Work-based learning with an area employer.",
        ),
    ]


_MFG = (
    "No Iowa-numbered manufacturing course was found for Kirkwood: code, title and "
    "credits are illustrative, on the pattern of Hawkeye's CNC machine technology and "
    "electromechanical programs (2008-11 catalog)."
)
_WEL = (
    "No Iowa-numbered welding course was found for Kirkwood: code, title and credits are "
    "illustrative. Kirkwood's Advanced Manufacturing with Robotics & Welding academy lets "
    "high-school students finish the first year of the Advanced Welding Technologies AAS."
)


def _manufacturing() -> list[Course]:
    booths = ("welding booths", "SMAW/GMAW/GTAW power sources", "fume extraction")
    cnc = ("CNC vertical mills", "CNC lathes")
    out = [
        _kw(
            "MFG-105",
            "Industrial Safety (OSHA 10-Hour General Industry)",
            1,
            "15.0701",
            grade_min=10,
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            delivery=_AT_HS,
            description=f"{_MFG} Includes the OSHA 10-hour General Industry outreach course.",
            source=SRC_HAWKEYE_PROGRAMS,
        ),
        _kw(
            "MFG-110",
            "Blueprint Reading and Print Interpretation",
            3,
            "15.1302",
            grade_min=10,
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            delivery=_AT_HS,
            description=_MFG,
            source=SRC_HAWKEYE_PROGRAMS,
        ),
        _kw(
            "WEL-110",
            "Introduction to Welding",
            4,
            "48.0508",
            grade_min=11,
            eligibility=ELIG_CTE_ACADEMY,
            prerequisites="MFG-105",
            delivery=_AT_CENTER,
            equipment=booths,
            description=(
                "Illustrative Kirkwood course modelled on Oakton Community College (IL) MFG 120 "
                "Introduction to Welding (4 credits; oxy-fuel, SMAW, GMAW and GTAW; AWS 1G "
                f"with backing or 3G open-root test). {_WEL}"
            ),
            source=SRC_OAKTON_MFG120,
        ),
    ]
    wel: list[tuple[str, str, float, str, bool]] = [
        ("WEL-120", "Shielded Metal Arc Welding", 4, "WEL-110", True),
        ("WEL-130", "Gas Metal Arc Welding", 4, "WEL-110", True),
        ("WEL-150", "Gas Tungsten Arc Welding", 4, "WEL-110", True),
        ("WEL-160", "Flux-Cored Arc Welding", 3, "WEL-130", True),
        ("WEL-170", "Metal Fabrication", 3, "WEL-120 and MFG-110", True),
        ("WEL-210", "Pipe Welding", 4, "WEL-120 and WEL-150", False),
        ("WEL-220", "Welding Inspection and Testing", 3, "WEL-120", False),
        ("WEL-230", "Robotic Welding", 3, "WEL-130", False),
        ("WEL-240", "Welding Metallurgy", 3, "WEL-110", False),
        ("WEL-290", "Welding Capstone and Certification Preparation", 3, "WEL-210", False),
    ]
    out += [
        _kw(
            code,
            title,
            credits,
            "48.0508",
            area=CTE if dual else None,
            grade_min=11 if dual else None,
            eligibility=ELIG_CTE_ACADEMY if dual else "",
            prerequisites=pre,
            delivery=_AT_CENTER if dual else _CAMPUS,
            equipment=("industrial robot welding cell",) if code == "WEL-230" else booths,
            description=_WEL,
            source=SRC_KW_ACADEMIES,
        )
        for code, title, credits, pre, dual in wel
    ]
    mfg: list[tuple[str, str, float, str, str, bool, Sequence[str]]] = [
        ("MFG-115", "Precision Measurement and Quality", 2, "15.0702", "", True, ()),
        (
            "MFG-120",
            "Machining I: Manual Mill and Lathe",
            4,
            "48.0501",
            "MFG-105",
            True,
            ("manual knee mills", "engine lathes"),
        ),
        ("MFG-130", "Introduction to CNC Operations", 4, "48.0510", "MFG-120", True, cnc),
        ("MFG-140", "CNC Programming I (G-code)", 4, "48.0510", "MFG-130", True, cnc),
        ("MFG-150", "Computer-Aided Design (CAD)", 3, "15.1302", "MFG-110", True, ("CAD lab",)),
        (
            "MFG-160",
            "Computer-Aided Manufacturing (CAM)",
            3,
            "48.0510",
            "MFG-140 and MFG-150",
            False,
            cnc,
        ),
        ("MFG-210", "CNC Programming II", 4, "48.0510", "MFG-140", False, cnc),
        (
            "MFG-220",
            "Manufacturing Processes and Lean Production",
            3,
            "15.0613",
            "MFG-105",
            True,
            (),
        ),
        (
            "MFG-230",
            "Industrial Robotics",
            3,
            "15.0405",
            "ELT-110",
            False,
            ("industrial robot cells",),
        ),
        (
            "MFG-250",
            "Quality Systems and Statistical Process Control",
            3,
            "15.0702",
            "MFG-115",
            False,
            ("coordinate measuring machine",),
        ),
        (
            "ELT-110",
            "DC/AC Electricity Fundamentals",
            4,
            "15.0303",
            "",
            False,
            ("electronics lab",),
        ),
        (
            "ELT-210",
            "Programmable Logic Controllers",
            4,
            "15.0403",
            "ELT-110",
            False,
            ("PLC trainers",),
        ),
    ]
    out += [
        _kw(
            code,
            title,
            credits,
            cip,
            area=CTE if dual else None,
            grade_min=11 if dual else None,
            eligibility=ELIG_CTE_ACADEMY if dual else "",
            prerequisites=pre,
            delivery=_AT_CENTER if dual else _CAMPUS,
            equipment=equip,
            description=_MFG,
            source=SRC_HAWKEYE_PROGRAMS,
        )
        for code, title, credits, cip, pre, dual, equip in mfg
    ]
    out.append(
        _kw(
            "MFG-290",
            "Manufacturing Internship",
            3,
            "15.0613",
            area=None,
            prerequisites="MFG-140",
            delivery=_WORK,
            description=f"{_MFG} Work-based learning with an area manufacturer.",
            source=SRC_HAWKEYE_PROGRAMS,
        )
    )
    return out


def courses() -> list[Course]:
    """Every course of the demo catalog (high-school and Kirkwood)."""
    return [
        *_hs_courses(_CR_HS, CRCSD),
        *_hs_courses(_LM_HS, LINN_MAR),
        *_general_education(),
        *_health(),
        *_allied_health(),
        *_information_technology(),
        *_business(),
        *_manufacturing(),
        *_outside_pathways(),
    ]


_OUTSIDE = (
    "Offered as concurrent enrollment at the high schools but part of no pathway, "
    "certificate or degree mapped in this demo region: students who take it earn college "
    'credit that counts toward no credential here (a "random act" of dual enrollment).'
)


def _outside_pathways() -> list[Course]:
    """CTE courses of programs the region has not mapped (the demo's random acts)."""
    return [
        _kw(
            "ECE-103",
            "Introduction to Early Childhood Education",
            3,
            "19.0709",
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            grade_min=10,
            delivery=_AT_HS,
            description=f"{_INVENTED}. {_OUTSIDE}",
            source=SRC_KW_ACADEMIES,
        ),
        _kw(
            "CUL-110",
            "Culinary Foundations",
            3,
            "12.0503",
            eligibility=ELIG_CTE_HIGH_SCHOOL,
            grade_min=10,
            delivery=_AT_HS,
            description=f"{_INVENTED}. {_OUTSIDE}",
            source=SRC_KW_ACADEMIES,
        ),
    ]


# --------------------------------------------------------------------------- credentials


def _c(code: str, min_grade: str | None = None) -> CourseNode:
    return CourseNode(code, min_grade)


def _all(*codes: str, label: str = "") -> AllOf:
    return AllOf(tuple(_c(c) for c in codes), label)


def _one(*codes: str, label: str = "") -> NOf:
    return NOf(1, tuple(_c(c) for c in codes), label)


def _tagged(credits: float, *tags: str, label: str = "") -> Credits:
    return Credits(credits, Selector(tags=tags, level="postsecondary"), label=label)


def _gen_ed(credits: float) -> AllOf:
    """An AAS general-education block: Composition I plus ``credits`` more."""
    return AllOf(
        (_c("ENG-105"), _tagged(credits, "gen-ed")),
        label=(
            f"General education: ENG-105 and {credits:g} more credits (Iowa requires at least "
            "12 general-education credits in an AAS)"
        ),
    )


def _diplomas() -> list[Credential]:
    def area(credits: float, *areas: str, label: str) -> Credits:
        return Credits(credits, Selector(areas=areas), label=label)

    crcsd = AllOf(
        (
            area(8, ELA, label="English language arts: 8 credit hours"),
            area(6, MATH, label="Mathematics: 6 credit hours"),
            area(
                6,
                SCI,
                label="Science: 6 credit hours (earth science, biology, physical science)",
            ),
            AllOf(
                tuple(
                    _c(c)
                    for c in (
                        "CRSOC-100A",
                        "CRSOC-100B",
                        "CRSOC-200A",
                        "CRSOC-200B",
                        "CRSOC-300",
                        "CRSOC-310",
                    )
                ),
                label=(
                    "Social studies: 6 credit hours — world history, U.S. history, government "
                    "and economics (with the 0.5-unit financial literacy requirement)"
                ),
            ),
            area(4, HPE, label="Physical education, health and wellness: 4 credit hours"),
            area(10, *HS_AREAS, label="Electives: 10 credit hours"),
        ),
        label="Cedar Rapids diploma: 40 credit hours",
    )
    linn_mar = AllOf(
        (
            AllOf(
                (
                    *(
                        _c(c)
                        for c in (
                            "LMENG-100A",
                            "LMENG-100B",
                            "LMENG-200A",
                            "LMENG-200B",
                            "LMENG-300A",
                            "LMENG-300B",
                        )
                    ),
                    Credits(5, Selector(tags=("speech-acting",)), label="One speech/acting course"),
                    area(5, ELA, label="One more English course"),
                ),
                label="English: 40 credits incl. English I/9, II, III and a speech/acting course",
            ),
            AllOf(
                (_c("LMMTH-100A"), _c("LMMTH-100B"), area(20, MATH, label="20 more math credits")),
                label="Mathematics: 30 credits incl. Algebra I",
            ),
            AllOf(
                (
                    Credits(5, Selector(tags=("sci.biology",)), label="Biology"),
                    Credits(5, Selector(tags=("sci.earth",)), label="Earth science"),
                    Credits(5, Selector(tags=("sci.chemistry",)), label="Chemistry"),
                    Credits(5, Selector(tags=("sci.physics",)), label="Physics"),
                    area(10, SCI, label="10 more science credits"),
                ),
                label="Science: 30 credits incl. biology, earth science, chemistry and physics",
            ),
            AllOf(
                (
                    *(
                        _c(c)
                        for c in (
                            "LMSOC-100A",
                            "LMSOC-100B",
                            "LMSOC-200A",
                            "LMSOC-200B",
                            "LMSOC-300",
                        )
                    ),
                    area(5, SS, label="One social-studies elective"),
                ),
                label=(
                    "Social studies: 30 credits — U.S. history, world history, American "
                    "government and one elective"
                ),
            ),
            AllOf(
                (_c("LMHLT-100"), area(15, HPE, label="15 more health/fitness credits")),
                label="Health/fitness: 20 credits incl. Health I",
            ),
            area(100, *HS_AREAS, label="Electives: 100 credits"),
        ),
        label="Linn-Mar diploma: 250 credits",
    )
    return [
        Credential(
            CRCSD_DIPLOMA,
            "Cedar Rapids Community School District high-school diploma",
            CredentialKind.HS_DIPLOMA,
            issuer=CRCSD,
            requirements=crcsd,
            total_credits=40,
            semester_course_credits=1.0,
            description=(
                "40 credit hours in grades 9-12 (1 credit hour = a passed semester course): "
                "ELA 8, mathematics 6, science 6, social studies 6, PE/health/wellness 4, "
                "electives 10; also 0.5 unit of financial literacy (within economics) and CPR "
                "(within health). Iowa's minimum is 4 years ELA and 3 each of math, science "
                "and social studies (incl. 1 unit U.S. history and 0.5 U.S. government); "
                "Washington High requires Algebra II from the class of 2022. A passing score "
                "on the civics test is required from the school year starting July 1, 2026 "
                "(Iowa law as cited in district policy; not modelled as a course)."
            ),
            source=SRC_CRCSD,
        ),
        Credential(
            LINN_MAR_DIPLOMA,
            "Linn-Mar Community School District high-school diploma",
            CredentialKind.HS_DIPLOMA,
            issuer=LINN_MAR,
            requirements=linn_mar,
            total_credits=250,
            semester_course_credits=5.0,
            description=(
                "250 credits (a semester course = 5, a year-long course = 10): English 40 "
                "(English I/9, II, III and one speech/acting course), mathematics 30 (incl. "
                "Algebra I), science 30 (biology, earth science, chemistry and physics course "
                "types, policy 605.3), social studies 30 (U.S. history, world history, "
                "American government, one elective), health/fitness 20 (incl. Health I), "
                "electives 100."
            ),
            source=SRC_LINN_MAR,
        ),
    ]


def _certifications() -> list[Credential]:
    ic = CredentialKind.INDUSTRY_CERTIFICATION
    return [
        Credential(
            "iowa-cna",
            "Iowa Certified Nursing Assistant (Iowa Direct Care Worker Registry)",
            ic,
            issuer="Iowa Department of Inspections, Appeals & Licensing (DIAL)",
            cip="51.3902",
            requirements=_all(
                "HSC-173", "HSC-174", label="A state-approved 75-hour nurse aide course"
            ),
            stacks_into=("kw-pn-diploma",),
            exam=(
                "Written and skills tests given at Iowa community colleges after the 75-hour "
                "course; pass within 3 attempts; placement on the Iowa Direct Care Worker "
                "Registry."
            ),
            source=SRC_CNA,
        ),
        Credential(
            "nclex-pn",
            "NCLEX-PN (Licensed Practical Nurse license)",
            ic,
            issuer=(
                "National Council of State Boards of Nursing (exam); license issued by the "
                "Iowa Board of Nursing"
            ),
            cip="51.3901",
            requirements=_all(
                "PNN-664",
                "PNN-665",
                "PNN-662",
                "PNN-666",
                "PNN-663",
                "PNN-667",
                label="Graduation from a board-approved practical-nursing program",
            ),
            stacks_into=("kw-adn-aas",),
            exam=(
                "NCLEX-PN; requires graduation from a board-approved RN/LPN program. Iowa is "
                "a Nurse Licensure Compact state."
            ),
            source=SRC_NCLEX,
        ),
        Credential(
            "nclex-rn",
            "NCLEX-RN (Registered Nurse license)",
            ic,
            issuer=(
                "National Council of State Boards of Nursing (exam); license issued by the "
                "Iowa Board of Nursing"
            ),
            cip="51.3801",
            requirements=_all(
                "ADN-412",
                "ADN-413",
                "ADN-414",
                "ADN-415",
                "ADN-416",
                label="Graduation from a board-approved registered-nursing program",
            ),
            stacks_into=("uiowa-bsn",),
            exam="NCLEX-RN; requires graduation from a board-approved RN program.",
            source=SRC_NCLEX,
        ),
        Credential(
            "aha-bls",
            "CPR (American Heart Association) / BLS Provider",
            ic,
            issuer="American Heart Association",
            cip="51.0000",
            requirements=_all("HSC-109"),
            stacks_into=("kw-ma-diploma",),
            exam=(
                "AHA course completion with skills check; Kirkwood's Patient Care Academy "
                "lists AHA CPR and First Aid."
            ),
            source=SRC_KW_PCA,
        ),
        Credential(
            "cma-aama",
            "CMA (AAMA) Certified Medical Assistant",
            ic,
            issuer="American Association of Medical Assistants (Certifying Board)",
            cip="51.0801",
            requirements=_all(
                "MAP-130",
                "MAP-131",
                "MAP-140",
                "MAP-190",
                label="Graduation from a CAAHEP- or ABHES-accredited medical-assisting program",
            ),
            exam=(
                "CMA (AAMA) exam; Category 1/2 eligibility: graduate of a CAAHEP- or "
                "ABHES-accredited medical assisting program."
            ),
            source=SRC_CMA,
        ),
        Credential(
            "rhit",
            "RHIT (Registered Health Information Technician)",
            ic,
            issuer="American Health Information Management Association (AHIMA)",
            cip="51.0707",
            requirements=_all(
                "HIT-110",
                "HIT-130",
                "HIT-135",
                "HIT-210",
                "HIT-230",
                "HIT-290",
                label="Completion of a CAHIIM-accredited associate program",
            ),
            exam=(
                "RHIT exam; requires a CAHIIM-accredited associate program (from third-party "
                "summaries; AHIMA's page was not retrieved)."
            ),
            source=SRC_RHIT,
        ),
        Credential(
            "comptia-a-plus",
            "CompTIA A+",
            ic,
            issuer="CompTIA (Computing Technology Industry Association)",
            cip="11.1006",
            requirements=_all("NET-102"),
            stacks_into=("kw-it-support-cert", "kw-programming-cert"),
            exam=(
                "Two exams (Core 1 220-1101 and Core 2 220-1102), per third-party summaries; "
                "exam numbers may be dated."
            ),
            source=SRC_A_PLUS,
        ),
        Credential(
            "comptia-network-plus",
            "CompTIA Network+",
            ic,
            issuer="CompTIA",
            cip="11.0901",
            requirements=_all("NET-110", "NET-122"),
            stacks_into=("kw-network-aas",),
            exam="Vendor-neutral networking exam (third-party summary).",
            source=SRC_NETWORK_PLUS,
        ),
        Credential(
            "comptia-security-plus",
            "CompTIA Security+",
            ic,
            issuer="CompTIA",
            cip="11.1003",
            requirements=_all("NET-140", "NET-210"),
            stacks_into=("kw-network-aas",),
            exam="Exam SY0-701; the certification is valid 3 years (third-party summary).",
            source=SRC_SECURITY_PLUS,
        ),
        Credential(
            "aws-cw",
            "AWS Certified Welder (CW)",
            ic,
            issuer="American Welding Society (via an AWS Accredited Test Facility)",
            cip="48.0508",
            requirements=_all("WEL-110", "WEL-120"),
            stacks_into=("kw-welding-diploma",),
            exam=(
                "Performance test witnessed by a Certified Welding Inspector at an AWS "
                "Accredited Test Facility; AWS issues the certificate."
            ),
            source=SRC_AWS_CW,
        ),
        Credential(
            "nims-machining-1",
            "NIMS Machining Level I",
            ic,
            issuer="National Institute for Metalworking Skills (NIMS)",
            cip="48.0501",
            requirements=_all("MFG-110", "MFG-115", "MFG-120"),
            stacks_into=("kw-cnc-cert",),
            exam=(
                "NIMS Machining Level I credentials (entry level; Levels II-III follow); NIMS "
                "is an ANSI-accredited standards developer."
            ),
            source=SRC_NIMS,
        ),
        Credential(
            "osha-10-gi",
            "OSHA 10-Hour General Industry (Outreach Training Program card)",
            ic,
            issuer="U.S. Department of Labor OSHA (via OSHA-authorized outreach trainers)",
            cip="15.0701",
            requirements=_all("MFG-105"),
            stacks_into=("kw-welding-diploma", "kw-cnc-cert"),
            exam="Voluntary program; the card is issued after the 10-hour course.",
            source=SRC_OSHA,
        ),
        Credential(
            "mssc-cpt",
            "MSSC Certified Production Technician (CPT)",
            ic,
            issuer="Manufacturing Skill Standards Council (MSSC)",
            cip="15.0613",
            requirements=_all(
                "MFG-105",
                "MFG-115",
                "MFG-220",
                "ELT-110",
                label=(
                    "Safety; Quality Practices & Measurement; Manufacturing Processes & "
                    "Production; Maintenance Awareness"
                ),
            ),
            stacks_into=("kw-met-aas",),
            exam=(
                "Module exams: Safety; Quality Practices & Measurement; Manufacturing "
                "Processes & Production; Maintenance Awareness (Green Production optional)."
            ),
            source=SRC_MSSC,
        ),
        Credential(
            "mos",
            "Microsoft Office Specialist (MOS)",
            ic,
            issuer="Microsoft (exams administered by Certiport)",
            cip="52.0407",
            requirements=_one(
                "BCA-212",
                "BCA-225",
                "CRCTE-120",
                "LMCTE-120",
                label="One computer-applications course",
            ),
            stacks_into=("kw-bookkeeping-cert", "kw-business-cert"),
            exam="Performance-based exams, one per application (Word, Excel, ...).",
            source=SRC_MOS,
        ),
        Credential(
            "quickbooks-cu",
            "Intuit QuickBooks Certified User",
            ic,
            issuer="Intuit (exam delivered via Certiport)",
            cip="52.0302",
            requirements=_all("ACC-165"),
            stacks_into=("kw-bookkeeping-cert",),
            exam="QuickBooks Certified User exam, delivered by Certiport (third-party text).",
            source=SRC_QUICKBOOKS,
        ),
        Credential(
            "aipb-bookkeeper",
            "Certified Bookkeeper (AIPB)",
            ic,
            issuer="American Institute of Professional Bookkeepers",
            cip="52.0302",
            requirements=_all("ACC-240"),
            stacks_into=("kw-accounting-aas",),
            exam=(
                "AIPB national bookkeeper exam (Cincinnati State's Bookkeeping Certificate "
                "prepares graduates for it)."
            ),
            source=SRC_CINCINNATI_BKC,
        ),
    ]


# The practical-nursing diploma: the Iowa Lakes map, course for course.
_PN_TREE = AllOf(
    (
        AllOf(
            (
                _c("BIO-168", "B-"),
                _one("HSC-163", "BIO-151", label="Nutrition: HSC-163 or BIO-151"),
                _c("HSC-153"),
                _c("HSC-151"),
                _c("PNN-664"),
                _c("PNN-665"),
            ),
            label="Semester 1 (16 credits)",
        ),
        AllOf(
            (
                _c("BIO-173", "B-"),
                _one(
                    "HSC-186",
                    "PSY-121",
                    label="Human Growth & Development or Developmental Psychology",
                ),
                _c("PNN-662"),
                _c("PNN-666"),
            ),
            label="Semester 2 (17 credits)",
        ),
        AllOf((_c("ENG-105"), _c("PNN-663"), _c("PNN-667")), label="Semester 3 (9 credits)"),
    ),
    label="Practical Nursing diploma: 42 credits",
)


def _college_awards() -> list[Credential]:
    kw = KIRKWOOD
    k = CredentialKind
    aa = AllOf(
        (
            _tagged(5, "writing", label="Communication — writing: 5 credits"),
            _tagged(3, "speech", label="Communication — speech: 3 credits"),
            _tagged(6, "history-cultures", label="History/cultures: 6 credits"),
            _tagged(9, "humanities", label="Humanities: 9 credits"),
            _tagged(3, "math", label="Mathematics: 3 credits"),
            _tagged(6, "science", label="Science: 6 credits"),
            _tagged(9, "social-science", label="Social science: 9 credits"),
            Credits(
                21,
                Selector(patterns=("*",), level="postsecondary"),
                label="Electives: 21 credits (up to 16 may be technical Code B courses)",
            ),
        ),
        label="Associate of Arts: 62 credits",
    )
    as_ = AllOf(
        (
            _tagged(5, "writing", label="Communication — writing: 5 credits"),
            _tagged(3, "speech", label="Communication — speech: 3 credits"),
            _tagged(
                9, "humanities", "history-cultures", label="Humanities and/or history/cultures: 9"
            ),
            AllOf(
                (
                    _tagged(3, "college-math", label="One college-level math course"),
                    _tagged(17, "math", "science", label="More math/science"),
                ),
                label="Mathematics/science: 20 credits incl. one college-level math course",
            ),
            _tagged(6, "social-science", label="Social science: 6 credits"),
            Credits(
                19,
                Selector(patterns=("*",), level="postsecondary"),
                label="Electives: 19 credits (up to 16 may be technical Code B courses)",
            ),
        ),
        label="Associate of Science: 62 credits",
    )
    return [
        # -- certificates and diplomas
        Credential(
            "kw-pn-diploma",
            "Practical Nursing (diploma)",
            k.DIPLOMA,
            issuer=kw,
            cip="51.3901",
            requirements=_PN_TREE,
            stacks_into=("kw-adn-aas",),
            total_credits=42,
            description=(
                "Kirkwood's Nursing (LPN/RN) ladder with an LPN exit; the award structure and "
                "credits are modelled on Iowa Lakes' 42-credit practical-nursing diploma "
                "(Iowa Western: 43; Hawkeye: 30 plus 14.5 prerequisite credits). Admission "
                "follows Kirkwood's stated prerequisites. Illustrative as a Kirkwood award."
            ),
            source=SRC_IOWA_LAKES_PN,
            illustrative=True,
        ),
        Credential(
            "kw-ma-diploma",
            "Medical Assistant (diploma)",
            k.DIPLOMA,
            issuer=kw,
            cip="51.0801",
            requirements=AllOf(
                (
                    _all("HSC-205", "HSC-109", "HSC-113", "BIO-163", label="Health foundations"),
                    _all("ENG-105", "PSY-111", label="General education"),
                    _all(
                        "MAP-112",
                        "MAP-120",
                        "MAP-130",
                        "MAP-131",
                        "MAP-140",
                        "MAP-150",
                        "MAP-190",
                        label="Medical assisting core",
                    ),
                ),
            ),
            stacks_into=("kw-hit-aas",),
            description=(
                "Illustrative: Kirkwood's medical-assistant program is listed in the research "
                "as a gap (no course list or credits found); structured like a typical "
                "accredited one-year diploma that qualifies graduates for the CMA (AAMA) exam."
            ),
            source=SRC_CMA,
            illustrative=True,
        ),
        Credential(
            "kw-it-support-cert",
            "IT Support and Networking (certificate)",
            k.CERTIFICATE,
            issuer=kw,
            cip="11.1006",
            requirements=_all("NET-102", "NET-110", "NET-122", "NET-140", "NET-150"),
            stacks_into=("kw-network-aas",),
            description=(
                "Illustrative certificate modelled on Hawkeye's Computer Networking Technician "
                "diploma (2008-11); Kirkwood's IT awards were not verified."
            ),
            source=SRC_HAWKEYE_PROGRAMS,
            illustrative=True,
        ),
        Credential(
            "kw-programming-cert",
            "Programming Fundamentals (certificate)",
            k.CERTIFICATE,
            issuer=kw,
            cip="11.0201",
            requirements=_all("NET-102", "CIS-130", "CIS-140", "CIS-152", "CIS-171"),
            stacks_into=("kw-as",),
            description=(
                "Illustrative certificate; Kirkwood's Computer Software Development awards "
                "were not verified."
            ),
            source=SRC_HAWKEYE_PROGRAMS,
            illustrative=True,
        ),
        Credential(
            "kw-bookkeeping-cert",
            "Bookkeeping (certificate)",
            k.CERTIFICATE,
            issuer=kw,
            cip="52.0302",
            requirements=AllOf(
                (
                    _all("ACC-152", "BCA-212", "MAT-156", label="Semester 1"),
                    _all("ACC-131", "ACC-165", "ACC-135", "BCA-225", label="Semester 2"),
                    _all("ACC-156", "ACC-240", label="Semester 3"),
                    _one(
                        "ACC-231",
                        "ACC-265",
                        "ACC-110",
                        "BUS-185",
                        "MGT-101",
                        label="One technical elective",
                    ),
                ),
            ),
            stacks_into=("kw-accounting-aas",),
            description=(
                "Illustrative Kirkwood certificate modelled on Cincinnati State's 29-credit, "
                "3-semester Bookkeeping Certificate (Financial Accounting, Computer "
                "Applications, a math course, Payroll, QuickBooks, Financial Statement "
                "Analysis, Excel, Managerial Accounting, Certification Review, one technical "
                "elective), which prepares for the AIPB exam."
            ),
            source=SRC_CINCINNATI_BKC,
            illustrative=True,
        ),
        Credential(
            "kw-business-cert",
            "Business Management (certificate)",
            k.CERTIFICATE,
            issuer=kw,
            cip="52.0201",
            requirements=_all("BUS-102", "BUS-130", "BCA-212", "MGT-101", "MKT-110"),
            stacks_into=("kw-business-aas",),
            description=(
                "Illustrative certificate built on Kirkwood's high-school Business Academy "
                "(Introduction to Business, Introduction to Entrepreneurship)."
            ),
            source=SRC_KW_BUSINESS_ACADEMY,
            illustrative=True,
        ),
        Credential(
            "kw-welding-diploma",
            "Welding (diploma)",
            k.DIPLOMA,
            issuer=kw,
            cip="48.0508",
            requirements=_all(
                "MFG-105",
                "MFG-110",
                "MAT-744",
                "WEL-110",
                "WEL-120",
                "WEL-130",
                "WEL-150",
                "WEL-160",
                "WEL-170",
                label="The first year of the Advanced Welding Technologies AAS",
            ),
            stacks_into=("kw-welding-aas",),
            description=(
                "Illustrative diploma standing for the first year of Kirkwood's Advanced "
                "Welding Technologies AAS, which academy students can finish while in high "
                "school (real); Hawkeye and Eastern Iowa award welding certificates and "
                "diplomas."
            ),
            source=SRC_KW_ACADEMIES,
            illustrative=True,
        ),
        Credential(
            "kw-cnc-cert",
            "CNC Machining (certificate)",
            k.CERTIFICATE,
            issuer=kw,
            cip="48.0510",
            requirements=_all("MFG-105", "MFG-110", "MFG-115", "MFG-120", "MFG-130", "MFG-140"),
            stacks_into=("kw-met-aas",),
            description=(
                "Illustrative credit certificate; Kirkwood ran a 16-week, 4-module non-credit "
                "CNC machinist certification (2013) and Hawkeye awards a CNC Machine "
                "Technology diploma."
            ),
            source=SRC_KW_CNC,
            illustrative=True,
        ),
        # -- associate degrees
        Credential(
            "kw-aa",
            "Associate of Arts",
            k.AA,
            issuer=kw,
            cip="24.0101",
            requirements=aa,
            stacks_into=("uiowa-clas-ba",),
            total_credits=62,
            description=(
                "62 credits: writing 5, speech 3, history/cultures 6, humanities 9, math 3, "
                "science 6, social science 9, electives 21, and one approved diversity course "
                "(not modelled as a separate node); up to 16 credits of technical Code B "
                "courses may count as electives (the cap is not enforced by the tree)."
            ),
            source=SRC_KW_AA_AS,
        ),
        Credential(
            "kw-as",
            "Associate of Science",
            k.AS,
            issuer=kw,
            cip="24.0101",
            requirements=as_,
            stacks_into=("uiowa-bs-cs",),
            total_credits=62,
            description=(
                "62 credits: writing 5, speech 3, humanities and/or history/cultures 9, "
                "math/science 20 (incl. one college-level math course), social science 6, "
                "electives 19; up to 16 credits of technical Code B courses may count as "
                "electives (the cap is not enforced by the tree)."
            ),
            source=SRC_KW_AA_AS,
        ),
        Credential(
            "kw-network-aas",
            "Network Administration and Cybersecurity (AAS)",
            k.AAS,
            issuer=kw,
            cip="11.1001",
            requirements=AllOf(
                (
                    _all(
                        "NET-102",
                        "NET-110",
                        "NET-122",
                        "NET-140",
                        "NET-150",
                        "NET-160",
                        "NET-210",
                        "NET-220",
                        "NET-230",
                        "NET-240",
                        "NET-250",
                        "NET-290",
                        "CIS-130",
                        label="Technical core",
                    ),
                    _gen_ed(15),
                ),
            ),
            stacks_into=("uiowa-bas",),
            description=(
                "Illustrative AAS modelled on Hawkeye's Network Administration & Engineering "
                "AAS (2008-11); Kirkwood's IT awards and credits were not verified. Iowa's "
                "rule: an AAS has 60-86 credits with at least 12 of general education."
            ),
            source=SRC_HAWKEYE_PROGRAMS,
            illustrative=True,
        ),
        Credential(
            "kw-adn-aas",
            "Associate Degree Nursing (AAS)",
            k.AAS,
            issuer=kw,
            cip="51.3801",
            requirements=AllOf(
                (
                    _PN_TREE,
                    _c("HSC-190", "B-"),
                    Credits(
                        6,
                        Selector(courses=("HSC-205", "HSC-113")),
                        label=(
                            "Health-science foundation: 6 credits (Kirkwood names 11 nursing "
                            "prerequisite classes but not all of them)"
                        ),
                    ),
                    _all(
                        "ADN-412",
                        "ADN-413",
                        "ADN-414",
                        "ADN-415",
                        "ADN-416",
                        label="Registered-nursing year",
                    ),
                    _all("BIO-186", "SOC-110", "ENG-106", label="Further general education"),
                ),
            ),
            stacks_into=("uiowa-bsn",),
            description=(
                "Kirkwood's Nursing (LPN/RN) ladder: an LPN exit, then the RN. The degree's "
                "structure is modelled on Indian Hills (PN diploma, then ADN with LPN advanced "
                "standing) and its credits are illustrative; the prerequisites (BIO-168/173 "
                "with B-, Introduction to Nursing with B-, GPA 2.75, CNA) are Kirkwood's."
            ),
            source=SRC_KW_NURSING,
            illustrative=True,
        ),
        Credential(
            "kw-hit-aas",
            "Health Information Technology (AAS)",
            k.AAS,
            issuer=kw,
            cip="51.0707",
            requirements=AllOf(
                (
                    _all("HSC-113", "BIO-163", "BCA-212", label="Foundations"),
                    _all(
                        "HIT-110",
                        "HIT-130",
                        "HIT-135",
                        "HIT-140",
                        "HIT-210",
                        "HIT-220",
                        "HIT-230",
                        "HIT-240",
                        "HIT-290",
                        label="Health information core",
                    ),
                    Credits(
                        8,
                        Selector(patterns=("MAP *",)),
                        label="8 credits of medical-assisting courses (the stacked diploma)",
                    ),
                    _gen_ed(12),
                ),
            ),
            stacks_into=("uiowa-bas",),
            description=(
                "Kirkwood has a Health Information Technology program (2014-15 handbook); its "
                "award and credits were not verified, so this AAS is illustrative. A "
                "CAHIIM-accredited associate program qualifies graduates for the RHIT exam."
            ),
            source=SRC_KW_HIT,
            illustrative=True,
        ),
        Credential(
            "kw-accounting-aas",
            "Accounting (AAS)",
            k.AAS,
            issuer=kw,
            cip="52.0302",
            requirements=AllOf(
                (
                    _all(
                        "ACC-152",
                        "ACC-156",
                        "ACC-131",
                        "ACC-165",
                        "ACC-135",
                        "ACC-231",
                        "ACC-232",
                        "ACC-240",
                        "ACC-265",
                        "ACC-110",
                        "ACC-290",
                        "BCA-212",
                        "BCA-225",
                        "BUS-185",
                        label="Accounting core",
                    ),
                    Credits(
                        6,
                        Selector(patterns=("BUS *", "MGT *", "MKT *")),
                        label="Business electives: 6 credits",
                    ),
                    _gen_ed(12),
                ),
            ),
            stacks_into=("uiowa-bba",),
            description=(
                "Illustrative AAS modelled on Jackson College's (MI) 60-credit Accounting AAS "
                "and Hawkeye's accounting diploma/AAS; Kirkwood's accounting award was not "
                "verified."
            ),
            source=SRC_JACKSON_ACC,
            illustrative=True,
        ),
        Credential(
            "kw-business-aas",
            "Business Administration (AAS)",
            k.AAS,
            issuer=kw,
            cip="52.0201",
            requirements=AllOf(
                (
                    _all(
                        "BUS-102",
                        "BUS-130",
                        "BCA-212",
                        "MGT-101",
                        "MKT-110",
                        "BUS-121",
                        "BUS-185",
                        "BUS-290",
                        "ACC-152",
                        "ACC-156",
                        label="Business core",
                    ),
                    _all("ECN-120", "ECN-130", "MAT-156", "MAT-121", label="Transfer foundation"),
                    _gen_ed(15),
                ),
            ),
            stacks_into=("uiowa-bba",),
            description=(
                "A real Kirkwood award with a 2+2 agreement (since 2015) into the University "
                "of Iowa Tippie College of Business; the course list and credits here are "
                "illustrative."
            ),
            source=SRC_KW_TIPPIE,
            illustrative=True,
        ),
        Credential(
            "kw-welding-aas",
            "Advanced Welding Technologies (AAS)",
            k.AAS,
            issuer=kw,
            cip="48.0508",
            requirements=AllOf(
                (
                    _all(
                        "MFG-105",
                        "MFG-110",
                        "MAT-744",
                        "WEL-110",
                        "WEL-120",
                        "WEL-130",
                        "WEL-150",
                        "WEL-160",
                        "WEL-170",
                        label="First year (the welding diploma)",
                    ),
                    _all(
                        "WEL-210",
                        "WEL-220",
                        "WEL-230",
                        "WEL-240",
                        "WEL-290",
                        "MFG-150",
                        label="Second year",
                    ),
                    _gen_ed(12),
                ),
            ),
            stacks_into=("uiowa-bas",),
            description=(
                "A real Kirkwood AAS; high-school academy students can finish its first year "
                "before graduating. Total credits and the course list are illustrative."
            ),
            source=SRC_KW_ACADEMIES,
            illustrative=True,
        ),
        Credential(
            "kw-met-aas",
            "Manufacturing Engineering Technology (AAS)",
            k.AAS,
            issuer=kw,
            cip="15.0613",
            requirements=AllOf(
                (
                    _all(
                        "MFG-105",
                        "MFG-110",
                        "MFG-115",
                        "MFG-120",
                        "MFG-130",
                        "MFG-140",
                        label="Machining (the CNC certificate)",
                    ),
                    _all(
                        "MFG-150",
                        "MFG-160",
                        "MFG-210",
                        "MFG-220",
                        "MFG-230",
                        "MFG-250",
                        "MFG-290",
                        "ELT-110",
                        "ELT-210",
                        label="Engineering technology and automation",
                    ),
                    _gen_ed(12),
                ),
            ),
            stacks_into=("uiowa-bas",),
            description=(
                "Illustrative AAS modelled on Hawkeye's CNC Machine Technology AAS and "
                "Automated Systems Technology AAS (2008-11); Kirkwood's machining and "
                "engineering-technology awards were not verified."
            ),
            source=SRC_HAWKEYE_PROGRAMS,
            illustrative=True,
        ),
        # -- bachelor's degrees (transfer destinations)
        Credential(
            "uiowa-bsn",
            "Bachelor of Science in Nursing (University of Iowa)",
            k.BACHELOR,
            issuer=UIOWA,
            cip="51.3801",
            description=(
                "Kirkwood's Pre-BSN transfer curriculum leads to the University of Iowa BSN "
                "(3 years once admitted to the College of Nursing). A registered nurse with "
                "the ADN continuing to a BSN is the modelled route (RN-to-BSN terms not "
                "verified)."
            ),
            source=SRC_KW_PRE_BSN,
        ),
        Credential(
            "uiowa-bba",
            "Bachelor of Business Administration (University of Iowa Tippie College of Business)",
            k.BACHELOR,
            issuer=UIOWA,
            cip="52.0201",
            description=(
                "Kirkwood's Business Administration AAS has had a 2+2 agreement with Tippie "
                "since 2015. An accounting AAS transferring the same way is assumed."
            ),
            source=SRC_KW_TIPPIE,
        ),
        Credential(
            "uiowa-clas-ba",
            "Bachelor's degree, University of Iowa College of Liberal Arts and Sciences",
            k.BACHELOR,
            issuer=UIOWA,
            cip="24.0101",
            description="The Kirkwood Associate of Arts transfers to UI's CLAS.",
            source=SRC_KW_AA_AS,
        ),
        Credential(
            "uiowa-bs-cs",
            "Bachelor of Science in Computer Science (University of Iowa)",
            k.BACHELOR,
            issuer=UIOWA,
            cip="11.0701",
            description=(
                "Illustrative transfer destination for the Associate of Science; the transfer "
                "terms were not collected."
            ),
            source=SRC_KW_AA_AS,
            illustrative=True,
        ),
        Credential(
            "uiowa-bas",
            "Bachelor of Applied Studies (University of Iowa)",
            k.BACHELOR,
            issuer=UIOWA,
            cip="24.0102",
            description=(
                "Illustrative transfer destination for AAS graduates: a degree-completion "
                "bachelor's that accepts applied credits. Its existence and terms were not in "
                "the collected data."
            ),
            illustrative=True,
        ),
    ]


def _tree_credits(node: Requirement, course_map: Mapping[str, Course]) -> float:
    """Smallest number of college credits that meets a tree (for illustrative totals)."""
    if isinstance(node, CourseNode):
        c = course_map.get(course_key(node.course))
        return c.semester_hours if c else 0.0
    if isinstance(node, Credits):
        return node.credits
    kids = sorted(_tree_credits(ch, course_map) for ch in node.children)
    return sum(kids) if isinstance(node, AllOf) else sum(kids[: node.n])


def credentials(course_map: Mapping[str, Course]) -> list[Credential]:
    """Every credential: diplomas, certifications, college awards, bachelor's degrees."""
    out = [*_diplomas(), *_certifications()]
    for cred in _college_awards():
        if cred.total_credits is None and cred.requirements is not None:
            cred = _with_total(cred, _tree_credits(cred.requirements, course_map))
        out.append(cred)
    return out


def _with_total(cred: Credential, total: float) -> Credential:
    return dataclasses.replace(cred, total_credits=total)


# --------------------------------------------------------------------------- pathways

# The grade 9-12 core each district's pathways share (semester courses, by term).
CORE_PLANS: dict[str, dict[str, tuple[str, ...]]] = {
    CRCSD: {
        "G9-FA": ("CRENG-100A", "CRMTH-100A", "CRSCI-100A", "CRSOC-100A", "CRPE-100"),
        "G9-SP": ("CRENG-100B", "CRMTH-100B", "CRSCI-100B", "CRSOC-100B", "CRHLT-100"),
        "G10-FA": ("CRENG-200A", "CRMTH-200A", "CRSCI-200A", "CRSOC-200A", "CRPE-200"),
        "G10-SP": ("CRENG-200B", "CRMTH-200B", "CRSCI-200B", "CRSOC-200B"),
        "G11-FA": ("CRENG-300A", "CRMTH-300A", "CRSCI-150A", "CRSOC-300", "CRPE-300"),
        "G11-SP": ("CRENG-300B", "CRMTH-300B", "CRSCI-150B", "CRSOC-310"),
        "G12-FA": ("CRENG-400A",),
        "G12-SP": ("CRENG-400B",),
    },
    LINN_MAR: {
        "G9-FA": ("LMENG-100A", "LMMTH-100A", "LMSCI-100A", "LMSOC-100A", "LMPE-100"),
        "G9-SP": ("LMENG-100B", "LMMTH-100B", "LMSCI-100B", "LMSOC-100B", "LMHLT-100"),
        "G10-FA": ("LMENG-200A", "LMMTH-200A", "LMSCI-200A", "LMSOC-200A", "LMPE-200"),
        "G10-SP": ("LMENG-200B", "LMMTH-200B", "LMSCI-200B", "LMSOC-200B", "LMENG-250"),
        "G11-FA": ("LMENG-300A", "LMMTH-300A", "LMSCI-150", "LMSOC-300", "LMPE-300"),
        "G11-SP": ("LMENG-300B", "LMMTH-300B", "LMSCI-300", "LMSOC-320"),
        "G12-FA": ("LMENG-410",),
        "G12-SP": (),
    },
}
# Elective pools a general (no pathway) schedule draws from, per district.
ELECTIVE_POOLS: dict[str, tuple[str, ...]] = {
    CRCSD: (
        *(r.code for r in _CR_HS if r.area in (ART, WL, CTE)),
        *("CRENG-250", "CRMTH-350", "CRMTH-400A", "CRMTH-400B", "CRSCI-300A", "CRSCI-300B"),
        *("CRSCI-410", "CRSOC-320", "CRPE-400"),
    ),
    LINN_MAR: (
        *(r.code for r in _LM_HS if r.area in (ART, WL, CTE)),
        *("LMENG-260", "LMENG-420", "LMMTH-350", "LMMTH-400A", "LMMTH-400B", "LMSCI-410"),
        *("LMSOC-330", "LMSOC-340", "LMPE-400"),
    ),
}


def _plan(
    district: str,
    extra: Mapping[str, Sequence[str]],
    *,
    replace: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> tuple[Placement, ...]:
    """The district core plus the pathway's courses; ``A|B`` places A with alternative B."""
    swaps = replace or {}
    notes = notes or {}
    rows: list[tuple[str, str]] = []
    for term, core in CORE_PLANS[district].items():
        rows += [(term, swaps.get(c, c)) for c in core]
    for term, codes in extra.items():
        rows += [(term, c) for c in codes]
    out: list[Placement] = []
    for term, spec in rows:
        code, *alts = spec.split("|")
        out.append(Placement(code, Term.parse(term), tuple(alts), notes.get(code, "")))
    return tuple(sorted(out, key=lambda p: (p.term, p.course)))


def _exit(
    credential: str,
    term: str,
    occupations: Sequence[str] = (),
    kind: ExitKind = ExitKind.OFF_RAMP,
    note: str = "",
) -> Exit:
    return Exit(credential, Term.parse(term), kind, tuple(occupations), note)


def _ramp(term: str, label: str, requires: str = "") -> OnRamp:
    return OnRamp(Term.parse(term), label, parse(requires))


_START = "Start in grade 9 with the introductory high-school CTE course"
_ACADEMY = "Join in grade 11 through the Kirkwood career academy at the Linn County Regional Center"
_ADULT = (
    "Adult or post-high-school entry at Kirkwood (dual credits from any Iowa high school transfer)"
)


def _published() -> list[Pathway]:
    published = PathwayStatus.PUBLISHED
    network = Pathway(
        id="it-network-cyber",
        name="Network Administration and Cybersecurity",
        cluster=CLUSTER_IT,
        owner=CRCSD,
        college=KIRKWOOD,
        schools=CRCSD_SCHOOLS,
        occupations=("15-1232", "15-1231", "15-1244", "15-1212"),
        hs_diploma=CRCSD_DIPLOMA,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-120",),
                "G9-SP": ("CRCTE-140",),
                "G10-FA": ("NET-102",),
                "G10-SP": ("NET-110", "CRART-100"),
                "G11-FA": ("NET-122", "CIS-130"),
                "G11-SP": ("NET-140", "NET-150", "CRSPA-100A"),
                "G12-FA": ("CRSPA-100B", "CRCTE-180", "CRMTH-350"),
                "G12-SP": ("NET-210", "PSY-111", "CRART-110", "CRPE-400"),
                "G13-FA": ("NET-160", "NET-220", "SPC-101", "ECN-120"),
                "G13-SP": ("NET-230", "NET-240", "MAT-156"),
                "G14-FA": ("NET-250", "SOC-110"),
                "G14-SP": ("NET-290",),
            },
            replace={"CRENG-400A": "ENG-105"},
            notes={"ENG-105": "Dual credit: counts as English 12 (first semester)."},
        ),
        exits=(
            _exit("comptia-a-plus", "G10-SP", ("15-1232",)),
            _exit("comptia-network-plus", "G11-SP", ("15-1231",)),
            _exit("kw-it-support-cert", "G11-SP", ("15-1232", "15-1231")),
            _exit("comptia-security-plus", "G12-SP", ("15-1212",)),
            _exit("kw-network-aas", "G14-SP", ("15-1231", "15-1244")),
            _exit(
                "uiowa-bas",
                "G14-SP",
                ("15-1244", "15-1212"),
                ExitKind.TRANSFER,
                "Illustrative degree-completion route for AAS graduates.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", _ACADEMY, "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Computer support to network administration and cybersecurity. Sophomores start "
            "Kirkwood's IT Essentials at their high school (CompTIA A+), juniors and seniors "
            "continue at the Linn County Regional Center and finish the IT Support and "
            "Networking certificate and Network+ before graduation; the AAS is completed in "
            "three college terms with an internship. All IT course codes are illustrative."
        ),
        illustrative=True,
    )
    software = Pathway(
        id="it-software-dev",
        name="Software Development (Associate of Science transfer)",
        cluster=CLUSTER_IT,
        owner=LINN_MAR,
        college=KIRKWOOD,
        schools=LINN_MAR_SCHOOLS,
        occupations=("15-1252", "15-1251", "15-1253", "15-1254"),
        hs_diploma=LINN_MAR_DIPLOMA,
        placements=_plan(
            LINN_MAR,
            {
                "G9-FA": ("LMCTE-140", "LMART-120"),
                "G9-SP": ("LMCTE-180", "LMSPA-100A"),
                "G10-FA": ("CIS-130", "LMSPA-100B"),
                "G10-SP": ("NET-102", "LMSPA-200A"),
                "G11-FA": ("CIS-171", "LMSPA-200B"),
                "G11-SP": ("CIS-140", "CIS-152", "LMMTH-350"),
                "G12-FA": ("MAT-121", "LMMTH-400A", "LMPE-400", "LMART-100", "LMCTE-120"),
                "G12-SP": (
                    "PSY-111",
                    "LMSOC-330",
                    "LMENG-420",
                    "LMCTE-160",
                    "LMART-110",
                ),
                # Java II waits for college: in high school it would count toward no
                # credential of the stack except as a general elective (a random act)
                "G13-FA": ("CIS-172", "MAT-210", "ENG-106", "SPC-101"),
                "G13-SP": ("PHY-162", "LIT-101", "ECN-130"),
                "G14-FA": ("BIO-105", "PHI-105", "HIS-151"),
                "G14-SP": ("MAT-156", "CIS-290"),
            },
            replace={"LMENG-410": "ENG-105"},
        ),
        exits=(
            _exit("comptia-a-plus", "G10-SP", ("15-1232",)),
            _exit("kw-programming-cert", "G11-SP", ("15-1254", "15-1251")),
            _exit("kw-as", "G14-SP", ("15-1254", "15-1251", "15-1253")),
            _exit(
                "uiowa-bs-cs",
                "G14-SP",
                ("15-1252", "15-1253"),
                ExitKind.TRANSFER,
                "Illustrative transfer destination for the AS.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", "Join in grade 11 with Java Programming I", "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Programming from grade 10: Python, hardware and operating systems (A+), Java, web "
            "and databases give a Programming Fundamentals certificate by the end of grade 11. "
            "Grades 12-14 complete Kirkwood's 62-credit Associate of Science (real category "
            "distribution) for transfer to a computer-science bachelor's; the computing "
            "courses fill the AS electives."
        ),
        illustrative=True,
    )
    nursing = Pathway(
        id="health-nursing",
        name="Nursing: Nurse Aide to Practical Nurse to Registered Nurse",
        cluster=CLUSTER_HEALTH,
        owner=LCRC,
        college=KIRKWOOD,
        schools=CRCSD_SCHOOLS,
        occupations=("31-1131", "29-2061", "29-1141"),
        hs_diploma=CRCSD_DIPLOMA,
        summers=True,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-150",),
                "G9-SP": ("CRSPA-100A",),
                "G10-FA": ("CRSPA-100B",),
                "G10-SP": ("CRSCI-410", "CRART-100"),
                "G11-FA": ("HSC-205", "HSC-113"),
                "G11-SP": ("HSC-173", "HSC-174", "HSC-109"),
                "G12-FA": ("BIO-168", "PSY-121|HSC-186", "CRPE-400", "CRART-110"),
                "G12-SP": ("BIO-173", "HSC-190", "CRCTE-115", "CRSOC-320"),
                "G13-FA": ("PNN-664", "PNN-665", "HSC-153", "HSC-151", "HSC-163|BIO-151"),
                "G13-SP": ("PNN-662", "PNN-666", "SOC-110"),
                "G13-SU": ("PNN-663", "PNN-667"),
                "G14-FA": ("ADN-412", "ADN-413", "BIO-186"),
                "G14-SP": ("ADN-414", "ADN-415", "ADN-416", "ENG-106"),
            },
            replace={"CRENG-400A": "ENG-105"},
            notes={
                "ENG-105": "Dual credit: counts as English 12 (first semester).",
                "BIO-168": "B- or better, as the nursing program requires.",
                "BIO-173": "B- or better, as the nursing program requires.",
            },
        ),
        exits=(
            _exit("aha-bls", "G11-SP", (), ExitKind.MILESTONE, "Required for clinicals."),
            _exit("iowa-cna", "G11-SP", ("31-1131",)),
            _exit("kw-pn-diploma", "G13-SU", ("29-2061",)),
            _exit("nclex-pn", "G13-SU", ("29-2061",)),
            _exit("kw-adn-aas", "G14-SP", ("29-1141",)),
            _exit("nclex-rn", "G14-SP", ("29-1141",)),
            _exit("uiowa-bsn", "G14-SP", ("29-1141",), ExitKind.TRANSFER),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", "Join in grade 11 through the Patient Care Academy", "grade >= 11"),
            _ramp(
                "G13-FA",
                "Adult entry to the practical-nursing year (Kirkwood's nursing prerequisites)",
                "BIO-168 with B- and BIO-173 with B- and credential iowa-cna",
            ),
        ),
        status=published,
        description=(
            "The Patient Care Academy at the Linn County Regional Center in grade 11 "
            "(Exploration of Healthcare Careers, nurse aide with the Iowa CNA exam, CPR); "
            "anatomy and physiology and composition in grade 12 meet Kirkwood's nursing "
            "prerequisites. The practical-nursing year follows the Iowa Lakes map (fall, "
            "spring, summer: 16/17/9 credits) to the LPN, and the registered-nursing year "
            "leads to the ADN and NCLEX-RN, then the University of Iowa BSN."
        ),
        source=SRC_KW_PCA,
    )
    health_it = Pathway(
        id="health-ma-hit",
        name="Medical Assisting to Health Information Technology",
        cluster=CLUSTER_HEALTH,
        owner=LINN_MAR,
        college=KIRKWOOD,
        schools=LINN_MAR_SCHOOLS,
        occupations=("31-9092", "29-2072"),
        hs_diploma=LINN_MAR_DIPLOMA,
        placements=_plan(
            LINN_MAR,
            {
                "G9-FA": ("LMCTE-150", "LMART-100"),
                "G9-SP": ("LMCTE-120", "LMSPA-100A"),
                "G10-FA": ("LMSPA-100B", "LMCTE-115"),
                "G10-SP": ("LMSCI-410", "LMSPA-200A"),
                "G11-FA": ("HSC-205", "HSC-109", "LMSPA-200B"),
                "G11-SP": ("HSC-113", "LMART-110", "LMPE-400"),
                "G12-FA": ("BIO-163", "PSY-111", "LMSOC-330", "LMENG-420", "LMMTH-350"),
                "G12-SP": (
                    "MAP-112",
                    "HIT-110",
                    "LMSOC-340",
                    "LMART-120",
                    "LMENG-260",
                    "LMCTE-110",
                ),
                "G13-FA": ("MAP-120", "MAP-130", "MAP-140", "HIT-130"),
                "G13-SP": ("MAP-131", "MAP-150", "MAP-190", "HIT-135"),
                "G14-FA": ("HIT-140", "HIT-210", "HIT-220", "MAT-156", "SPC-101"),
                "G14-SP": ("HIT-230", "HIT-240", "HIT-290", "BCA-212", "SOC-110"),
            },
            replace={"LMENG-410": "ENG-105"},
        ),
        exits=(
            _exit("aha-bls", "G11-FA", (), ExitKind.MILESTONE, "Required for clinical work."),
            _exit("kw-ma-diploma", "G13-SP", ("31-9092",)),
            _exit("cma-aama", "G13-SP", ("31-9092",)),
            _exit("kw-hit-aas", "G14-SP", ("29-2072",)),
            _exit("rhit", "G14-SP", ("29-2072",)),
            _exit(
                "uiowa-bas",
                "G14-SP",
                ("29-2072",),
                ExitKind.TRANSFER,
                "Illustrative degree-completion route for AAS graduates.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", "Join in grade 11 through the health-careers academy", "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Health careers and CPR/BLS in grade 11, medical terminology, anatomy and the first "
            "medical-office and health-information courses in grade 12; a medical-assistant "
            "diploma (CMA exam) after one college year, then health information technology "
            "(coding, reimbursement, records) to the AAS and RHIT. The MA and HIT course lists "
            "are illustrative."
        ),
        illustrative=True,
    )
    accounting = Pathway(
        id="business-accounting",
        name="Accounting and Bookkeeping",
        cluster=CLUSTER_BUSINESS,
        owner=CRCSD,
        college=KIRKWOOD,
        schools=CRCSD_SCHOOLS,
        occupations=("43-3031", "13-2011"),
        hs_diploma=CRCSD_DIPLOMA,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-115",),
                "G9-SP": ("CRART-100",),
                "G10-FA": ("BCA-212",),
                "G10-SP": ("CRCTE-130", "CRSPA-100A"),
                "G11-FA": ("ACC-152", "CRSPA-100B"),
                "G11-SP": ("ACC-165", "BCA-225", "CRART-110"),
                "G12-FA": ("ACC-156", "ACC-131", "CRPE-400", "CRMTH-350"),
                "G12-SP": ("ACC-135", "MAT-156", "CRSOC-320", "CRCTE-180"),
                "G13-FA": ("ACC-231", "ACC-240", "ECN-130"),
                "G13-SP": ("ACC-232", "ACC-265", "SPC-101"),
                "G14-FA": ("ACC-110", "BUS-185", "ECN-120", "MGT-101"),
                "G14-SP": ("ACC-290", "BUS-121"),
            },
            replace={"CRENG-400A": "ENG-105"},
        ),
        exits=(
            _exit("mos", "G10-FA", (), ExitKind.MILESTONE),
            _exit("quickbooks-cu", "G11-SP", ("43-3031",)),
            _exit("kw-bookkeeping-cert", "G13-FA", ("43-3031",)),
            _exit("aipb-bookkeeper", "G13-FA", ("43-3031",)),
            _exit("kw-accounting-aas", "G14-SP", ("43-3031",)),
            _exit(
                "uiowa-bba",
                "G14-SP",
                ("13-2011",),
                ExitKind.TRANSFER,
                "The 2+2 with Tippie covers Business Administration; accounting transfer is assumed.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", "Join in grade 11 with Financial Accounting", "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Computer applications (MOS) in grade 10, financial accounting and QuickBooks in "
            "grade 11, managerial and payroll accounting in grade 12; the bookkeeping "
            "certificate (modelled on Cincinnati State's) is finished in the first college "
            "term, so graduates can work as bookkeeping clerks while completing the accounting "
            "AAS part-time and transfer toward a Tippie BBA."
        ),
        illustrative=True,
    )
    business = Pathway(
        id="business-administration",
        name="Business Administration (Tippie 2+2)",
        cluster=CLUSTER_BUSINESS,
        owner=LINN_MAR,
        college=KIRKWOOD,
        schools=LINN_MAR_SCHOOLS,
        occupations=("11-1021", "43-3031", "13-2011"),
        hs_diploma=LINN_MAR_DIPLOMA,
        placements=_plan(
            LINN_MAR,
            {
                "G9-FA": ("LMCTE-115", "LMART-100"),
                "G9-SP": ("LMCTE-180", "LMSPA-100A"),
                "G10-FA": ("BCA-212", "LMSPA-100B"),
                "G10-SP": ("LMCTE-130", "LMSPA-200A"),
                "G11-FA": ("BUS-102", "LMSPA-200B"),
                "G11-SP": ("BUS-130", "LMART-110", "LMPE-400"),
                "G12-FA": ("MGT-101", "LMSOC-340", "LMMTH-350", "LMENG-420", "LMCTE-140"),
                "G12-SP": ("ACC-152", "MKT-110", "PSY-111", "LMSOC-330", "LMENG-260", "LMART-120"),
                "G13-FA": ("ACC-156", "ECN-130", "BUS-121", "MAT-156"),
                "G13-SP": ("BUS-185", "ECN-120", "SPC-101"),
                "G14-FA": ("ENG-106", "MAT-121", "SOC-110"),
                "G14-SP": ("BUS-290", "PHI-105"),
            },
            replace={"LMENG-410": "ENG-105"},
        ),
        exits=(
            _exit("mos", "G10-FA", (), ExitKind.MILESTONE),
            _exit("kw-business-cert", "G12-SP", ("11-1021",)),
            _exit("kw-business-aas", "G14-SP", ("11-1021",)),
            _exit("uiowa-bba", "G14-SP", ("11-1021", "13-2011"), ExitKind.TRANSFER),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", "Join in grade 11 through the Business Academy", "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Kirkwood's Business Academy (Introduction to Business, Introduction to "
            "Entrepreneurship) in grade 11, management, marketing and accounting in grade 12 "
            "(a Business Management certificate), then the Business Administration AAS whose "
            "2+2 agreement with the University of Iowa Tippie College of Business (since 2015) "
            "continues to the BBA."
        ),
        source=SRC_KW_TIPPIE,
    )
    welding = Pathway(
        id="mfg-welding",
        name="Welding: Advanced Welding Technologies",
        cluster=CLUSTER_MANUFACTURING,
        owner=LCRC,
        college=KIRKWOOD,
        schools=CRCSD_SCHOOLS,
        occupations=("51-4121",),
        hs_diploma=CRCSD_DIPLOMA,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-160",),
                "G9-SP": ("CRCTE-170",),
                "G10-FA": ("MFG-105", "CRART-100"),
                "G10-SP": ("MFG-110", "CRSPA-100A"),
                "G11-FA": ("WEL-110", "CRSPA-100B"),
                "G11-SP": ("WEL-120", "MAT-744"),
                "G12-FA": ("WEL-130", "WEL-150", "CRPE-400", "CRMTH-350"),
                "G12-SP": ("WEL-160", "WEL-170", "CRCTE-115", "CRART-200"),
                "G13-FA": ("WEL-210", "WEL-220", "ENG-105"),
                "G13-SP": ("WEL-230", "WEL-240", "PSY-111"),
                "G14-FA": ("MFG-150", "SPC-101", "ECN-120"),
                "G14-SP": ("WEL-290", "SOC-110"),
            },
        ),
        exits=(
            _exit("osha-10-gi", "G10-FA", (), ExitKind.MILESTONE),
            _exit("aws-cw", "G11-SP", ("51-4121",)),
            _exit("kw-welding-diploma", "G12-SP", ("51-4121",)),
            _exit("kw-welding-aas", "G14-SP", ("51-4121",)),
            _exit(
                "uiowa-bas",
                "G14-SP",
                ("51-4121",),
                ExitKind.TRANSFER,
                "Illustrative degree-completion route for AAS graduates.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", _ACADEMY, "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Safety and print reading in grade 10, then the Advanced Manufacturing with "
            "Robotics & Welding academy at the Linn County Regional Center in grades 11-12: "
            "students can finish the first year of the Advanced Welding Technologies AAS (a "
            "welding diploma here) and an AWS welder certification before graduating, then "
            "finish the AAS part-time while working as welders."
        ),
        source=SRC_KW_ACADEMIES,
        illustrative=True,
    )
    machining = Pathway(
        id="mfg-cnc-met",
        name="CNC Machining and Manufacturing Engineering Technology",
        cluster=CLUSTER_MANUFACTURING,
        owner=CRCSD,
        college=KIRKWOOD,
        schools=CRCSD_SCHOOLS,
        occupations=("51-4041", "51-9161", "51-9162", "17-3024", "49-9041"),
        hs_diploma=CRCSD_DIPLOMA,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-160",),
                "G9-SP": ("CRCTE-170",),
                "G10-FA": ("MFG-105", "CRART-100"),
                "G10-SP": ("MFG-110", "CRSPA-100A"),
                "G11-FA": ("MFG-120", "MFG-115"),
                "G11-SP": ("MFG-130", "MFG-150"),
                "G12-FA": ("MFG-140", "CRSPA-100B", "CRPE-400", "CRMTH-350"),
                "G12-SP": ("MFG-220", "MAT-744", "CRCTE-115", "CRART-200"),
                "G13-FA": ("ELT-110", "MFG-160", "MFG-210", "ENG-105"),
                "G13-SP": ("ELT-210", "MFG-230", "PSY-111"),
                "G14-FA": ("MFG-250", "SPC-101", "ECN-120"),
                "G14-SP": ("MFG-290",),
            },
        ),
        exits=(
            _exit("osha-10-gi", "G10-FA", (), ExitKind.MILESTONE),
            _exit("nims-machining-1", "G11-FA", ("51-4041",)),
            _exit("kw-cnc-cert", "G12-FA", ("51-4041", "51-9161")),
            _exit("mssc-cpt", "G13-FA", ("51-9161",)),
            _exit("kw-met-aas", "G14-SP", ("51-9162", "17-3024", "49-9041")),
            _exit(
                "uiowa-bas",
                "G14-SP",
                ("17-3024",),
                ExitKind.TRANSFER,
                "Illustrative degree-completion route for AAS graduates.",
            ),
        ),
        on_ramps=(
            _ramp("G9-FA", _START),
            _ramp("G11-FA", _ACADEMY, "grade >= 11"),
            _ramp("G13-FA", _ADULT),
        ),
        status=published,
        description=(
            "Engineering design and shop fundamentals in grade 9, OSHA 10 and print reading "
            "in grade 10, manual and CNC machining with NIMS Level I in grade 11 and a CNC "
            "machining certificate in grade 12; the college years add CAD/CAM, electricity, "
            "PLCs and robotics for the manufacturing engineering technology AAS (mechatronics "
            "and maintenance roles). Course codes are illustrative."
        ),
        illustrative=True,
    )
    return [network, software, nursing, health_it, accounting, business, welding, machining]


def _draft() -> Pathway:
    """A deliberately flawed draft, so the validation report has something to show."""
    return Pathway(
        id="draft-engineering-tech",
        name="DRAFT example: Engineering Technology (has deliberate problems)",
        cluster=CLUSTER_MANUFACTURING,
        owner=CRCSD,
        college=KIRKWOOD,
        schools=(KENNEDY,),
        occupations=("17-3024",),
        hs_diploma=CRCSD_DIPLOMA,
        placements=_plan(
            CRCSD,
            {
                "G9-FA": ("CRCTE-160",),
                "G9-SP": ("CRCTE-110",),
                "G10-FA": ("CRART-100",),
                "G10-SP": ("CRSPA-100A", "CRCTE-170"),
                "G11-FA": ("CRSPA-100B", "CRCTE-120"),
                "G11-SP": ("CRART-110", "CRMTH-350"),
                # Problem 1: CNC Programming I before its prerequisite (Intro to CNC).
                "G12-FA": ("MFG-105", "MFG-140", "CRPE-400", "CRCTE-180"),
                # Problem 2: a random act — entrepreneurship counts toward nothing here.
                # Problem 3: the high-school Introduction to Business repeats BUS-102.
                "G12-SP": ("BUS-130", "BUS-102", "CRCTE-115"),
                "G13-FA": ("MFG-110", "MFG-115", "MFG-120", "ENG-105"),
                "G13-SP": ("MFG-130", "MFG-150", "MFG-220", "ELT-110", "PSY-111"),
                "G14-FA": ("MFG-160", "MFG-210", "ELT-210", "SPC-101"),
                "G14-SP": ("MFG-230", "MFG-250", "MFG-290", "MAT-744", "ECN-120"),
            },
        ),
        exits=(
            _exit("osha-10-gi", "G12-FA", (), ExitKind.MILESTONE),
            _exit("kw-met-aas", "G14-SP", ("17-3024",)),
        ),
        on_ramps=(_ramp("G12-FA", "Seniors only"),),
        status=PathwayStatus.DRAFT,
        description=(
            "A draft kept out of publication on purpose, to show what validation catches. "
            "Its realistic weakness: the college courses are piled into grades 13-14 instead "
            "of being aligned with the high-school years, so students leave high school with "
            "no college credential and no industry certification beyond OSHA 10. Validation "
            "finds: (1) CNC Programming I placed before Introduction to CNC Operations, its "
            "prerequisite; (2) Introduction to Entrepreneurship and Introduction to Business "
            "count toward no credential of the pathway — 'random acts' of dual enrollment; "
            "(3) high-school Introduction to Business repeats the dual-credit BUS-102; (4) only "
            "11 college credits by the end of grade 12 (the region asks for 12)."
        ),
        illustrative=True,
    )


def pathways() -> list[Pathway]:
    return [*_published(), _draft()]


# --------------------------------------------------------------------------- the catalog


@dataclass(frozen=True)
class Catalog:
    institutions: tuple[Institution, ...]
    courses: tuple[Course, ...]
    credentials: tuple[Credential, ...]
    pathways: tuple[Pathway, ...]


@cache
def catalog() -> Catalog:
    """The whole demo catalog (immutable; built once per process)."""
    cs = courses()
    course_map = {c.key: c for c in cs}
    return Catalog(
        institutions=tuple(institutions()),
        courses=tuple(cs),
        credentials=tuple(credentials(course_map)),
        pathways=tuple(pathways()),
    )


__all__ = [
    "CLUSTERS",
    "CORE_PLANS",
    "CRCSD",
    "DIPLOMA_OF",
    "DISTRICT_OF",
    "ELECTIVE_POOLS",
    "HIGH_SCHOOLS",
    "KIRKWOOD",
    "LCRC",
    "LINN_MAR",
    "SOC_TITLES",
    "Catalog",
    "catalog",
]
