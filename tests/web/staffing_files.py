"""A staffing folder for the two-district web test region (college cc).

hs-a (District A) ── pathway it: CIS-101 in grade 11 fall ── SYN-A2 (grade 10 now)
section S-CIS101 (2027-FA at hs-a) ── Ada (hs-a teacher): qualified, approved, not oriented
Ben (outside employer): not qualified (associate degree, 1 year)
"""

from __future__ import annotations

from pathlib import Path

COLLEGES = """\
colleges:
  cc:
    accreditor: hlc
    illustrative: true
    career_center: null
    transfer_subjects: [ENG]
    disciplines: {CIS: information technology}
    licences: {information technology: [CompTIA A+]}
    rules:
      technical:
        - id: bachelors-plus-experience
          label: Bachelor's degree in the field and 2 years of related work experience
          requires: {degree: bachelor, in_discipline: true, work_years: 2}
"""

INSTRUCTORS = """\
instructors:
  - id: ada
    name: Ada Teacher (illustrative)
    employer: hs-a
    degrees: [{level: bachelor, discipline: information technology}]
    work_years: {information technology: 4}
    background_check: 2026-08-01
  - id: ben
    name: Ben Adjunct (illustrative)
    employer: Local firm
    degrees: [{level: associate, discipline: information technology}]
    work_years: {information technology: 1}
    background_check: 2026-08-01
approvals:
  - instructor: ada
    college: cc
    courses: [CIS-101]
    status: approved
    decided_by: Dean (illustrative)
    decided_on: 2026-09-01
  - instructor: ben
    college: cc
    courses: [CIS-101]
    status: applied
"""

CALENDAR = """\
today: 2026-11-23
next_fall: 2027-FA
terms:
  2027-FA: {start: 2027-08-23, end: 2027-12-17}
  2028-SP: {start: 2028-01-18, end: 2028-05-12}
launches:
  - {target: section, subject: CIS-101 at Alpha High School, term: 2027-FA, state: IA}
"""

SECTIONS = """\
sections:
  - id: S-CIS101
    term: 2027-FA
    course: CIS-101
    site: hs-a
    delivery: hs_teacher_adjunct
    capacity: 20
    room_capacity: 24
    minimum: 8
    meetings: [{days: [mon, wed], start: "08:00", end: "09:30"}]
    instructor: ada
"""


def write(folder: Path, **override: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "colleges.yaml": COLLEGES,
        "instructors.yaml": INSTRUCTORS,
        "calendar.yaml": CALENDAR,
        "sections.yaml": SECTIONS,
        **{k.replace("_", "."): v for k, v in override.items()},
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder
