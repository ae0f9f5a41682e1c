WITH "t9" AS (
  SELECT
    "t2"."student_id",
    "t2"."school",
    "t2"."district",
    "t2"."college",
    "t2"."pathway",
    "t2"."grade_level",
    "t2"."cohort",
    "t2"."race_ethnicity",
    "t2"."sex",
    "t2"."economically_disadvantaged",
    "t2"."english_learner",
    "t2"."disability",
    "t2"."homeless",
    "t2"."foster_care",
    "t2"."migrant",
    "t2"."military_connected",
    "t2"."single_parent",
    "t2"."displaced_homemaker",
    "t2"."credentials",
    COALESCE("t6"."dual_attempts", 0) > 0 AS "participant",
    COALESCE("t6"."dual_completed", 0) AS "courses_completed",
    COALESCE("t6"."dual_success", 0) AS "courses_success",
    COALESCE("t6"."dual_credits_attempted", 0.0) AS "credits_attempted",
    COALESCE("t6"."dual_credits_earned", 0.0) AS "credits_earned",
    "t2"."cohort" = 2027 AS "in_cohort",
    COALESCE("t6"."dual_credits_hs", 0.0) AS "credits_hs",
    COALESCE("t8"."enrolled_0", 0) AS "enrolled_0",
    COALESCE("t8"."dual_0", 0) AS "dual_0",
    COALESCE("t8"."enrolled_1", 0) AS "enrolled_1",
    COALESCE("t8"."dual_1", 0) AS "dual_1"
  FROM "students" AS "t2"
  LEFT OUTER JOIN (
    SELECT
      "t3"."student_id" AS "sid",
      COUNT(*) AS "dual_attempts",
      SUM(CASE WHEN NOT (
        "t3"."letter" IN ('IP', '')
      ) THEN 1 ELSE 0 END) AS "dual_completed",
      SUM(
        CASE
          WHEN "t3"."letter" IN ('A', 'A+', 'A-', 'B', 'B+', 'B-', 'C', 'C+', 'CR', 'P', 'S', 'T')
          THEN 1
          ELSE 0
        END
      ) AS "dual_success",
      SUM(
        CASE
          WHEN NOT (
            "t3"."letter" IN ('IP', '')
          )
          THEN "t3"."credits_attempted"
          ELSE 0.0
        END
      ) AS "dual_credits_attempted",
      SUM("t3"."credits_earned") AS "dual_credits_earned",
      SUM(CASE WHEN "t3"."hs_grade" <= 12 THEN "t3"."credits_earned" ELSE 0.0 END) AS "dual_credits_hs"
    FROM (
      SELECT
        *
      FROM "attempts" AS "t1"
      WHERE
        "t1"."dual_credit"
    ) AS "t3"
    GROUP BY
      1
  ) AS "t6"
    ON "t2"."student_id" = "t6"."sid"
  LEFT OUTER JOIN (
    SELECT
      "t4"."sid" AS "ysid",
      MAX(CASE WHEN "t4"."school_year" = '2025-26' THEN 1 ELSE 0 END) AS "enrolled_0",
      MAX(CASE WHEN "t4"."school_year" = '2025-26' THEN "t4"."any_dual" ELSE 0 END) AS "dual_0",
      MAX(CASE WHEN "t4"."school_year" = '2026-27' THEN 1 ELSE 0 END) AS "enrolled_1",
      MAX(CASE WHEN "t4"."school_year" = '2026-27' THEN "t4"."any_dual" ELSE 0 END) AS "dual_1"
    FROM (
      SELECT
        "t1"."student_id" AS "sid",
        "t1"."school_year",
        MAX(CASE WHEN "t1"."dual_credit" THEN 1 ELSE 0 END) AS "any_dual"
      FROM "attempts" AS "t1"
      GROUP BY
        1,
        2
    ) AS "t4"
    GROUP BY
      1
  ) AS "t8"
    ON "t2"."student_id" = "t8"."ysid"
)
SELECT
  *
FROM (
  SELECT
    'school' AS "dimension",
    "t11"."group",
    "t11"."enrolled",
    "t11"."participants",
    "t11"."courses_completed",
    "t11"."courses_success",
    "t11"."cohort_students",
    "t11"."cohort_12plus",
    "t11"."credentialed",
    "t11"."credits_attempted",
    "t11"."credits_earned",
    "t11"."cohort_credits",
    "t11"."enrolled_0",
    "t11"."dual_0",
    "t11"."enrolled_1",
    "t11"."dual_1"
  FROM (
    SELECT
      "t10"."school" AS "group",
      COUNT(*) AS "enrolled",
      SUM(CASE WHEN "t10"."participant" THEN 1 ELSE 0 END) AS "participants",
      SUM("t10"."courses_completed") AS "courses_completed",
      SUM("t10"."courses_success") AS "courses_success",
      SUM(CASE WHEN "t10"."in_cohort" THEN 1 ELSE 0 END) AS "cohort_students",
      SUM(CASE WHEN "t10"."in_cohort" AND (
        "t10"."credits_hs" >= 12
      ) THEN 1 ELSE 0 END) AS "cohort_12plus",
      SUM(CASE WHEN "t10"."credentials" > 0 THEN 1 ELSE 0 END) AS "credentialed",
      SUM("t10"."credits_attempted") AS "credits_attempted",
      SUM("t10"."credits_earned") AS "credits_earned",
      SUM(CASE WHEN "t10"."in_cohort" THEN "t10"."credits_hs" ELSE 0.0 END) AS "cohort_credits",
      SUM("t10"."enrolled_0") AS "enrolled_0",
      SUM("t10"."dual_0") AS "dual_0",
      SUM("t10"."enrolled_1") AS "enrolled_1",
      SUM("t10"."dual_1") AS "dual_1"
    FROM "t9" AS "t10"
    GROUP BY
      1
  ) AS "t11"
) AS "t14"
UNION ALL
SELECT
  *
FROM (
  SELECT
    *
  FROM (
    SELECT
      'all' AS "dimension",
      'All students' AS "group",
      "t12"."enrolled",
      "t12"."participants",
      "t12"."courses_completed",
      "t12"."courses_success",
      "t12"."cohort_students",
      "t12"."cohort_12plus",
      "t12"."credentialed",
      "t12"."credits_attempted",
      "t12"."credits_earned",
      "t12"."cohort_credits",
      "t12"."enrolled_0",
      "t12"."dual_0",
      "t12"."enrolled_1",
      "t12"."dual_1"
    FROM (
      SELECT
        COUNT(*) AS "enrolled",
        SUM(CASE WHEN "t10"."participant" THEN 1 ELSE 0 END) AS "participants",
        SUM("t10"."courses_completed") AS "courses_completed",
        SUM("t10"."courses_success") AS "courses_success",
        SUM(CASE WHEN "t10"."in_cohort" THEN 1 ELSE 0 END) AS "cohort_students",
        SUM(CASE WHEN "t10"."in_cohort" AND (
          "t10"."credits_hs" >= 12
        ) THEN 1 ELSE 0 END) AS "cohort_12plus",
        SUM(CASE WHEN "t10"."credentials" > 0 THEN 1 ELSE 0 END) AS "credentialed",
        SUM("t10"."credits_attempted") AS "credits_attempted",
        SUM("t10"."credits_earned") AS "credits_earned",
        SUM(CASE WHEN "t10"."in_cohort" THEN "t10"."credits_hs" ELSE 0.0 END) AS "cohort_credits",
        SUM("t10"."enrolled_0") AS "enrolled_0",
        SUM("t10"."dual_0") AS "dual_0",
        SUM("t10"."enrolled_1") AS "enrolled_1",
        SUM("t10"."dual_1") AS "dual_1"
      FROM "t9" AS "t10"
    ) AS "t12"
  ) AS "t15"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      'district' AS "dimension",
      "t13"."group",
      "t13"."enrolled",
      "t13"."participants",
      "t13"."courses_completed",
      "t13"."courses_success",
      "t13"."cohort_students",
      "t13"."cohort_12plus",
      "t13"."credentialed",
      "t13"."credits_attempted",
      "t13"."credits_earned",
      "t13"."cohort_credits",
      "t13"."enrolled_0",
      "t13"."dual_0",
      "t13"."enrolled_1",
      "t13"."dual_1"
    FROM (
      SELECT
        "t10"."district" AS "group",
        COUNT(*) AS "enrolled",
        SUM(CASE WHEN "t10"."participant" THEN 1 ELSE 0 END) AS "participants",
        SUM("t10"."courses_completed") AS "courses_completed",
        SUM("t10"."courses_success") AS "courses_success",
        SUM(CASE WHEN "t10"."in_cohort" THEN 1 ELSE 0 END) AS "cohort_students",
        SUM(CASE WHEN "t10"."in_cohort" AND (
          "t10"."credits_hs" >= 12
        ) THEN 1 ELSE 0 END) AS "cohort_12plus",
        SUM(CASE WHEN "t10"."credentials" > 0 THEN 1 ELSE 0 END) AS "credentialed",
        SUM("t10"."credits_attempted") AS "credits_attempted",
        SUM("t10"."credits_earned") AS "credits_earned",
        SUM(CASE WHEN "t10"."in_cohort" THEN "t10"."credits_hs" ELSE 0.0 END) AS "cohort_credits",
        SUM("t10"."enrolled_0") AS "enrolled_0",
        SUM("t10"."dual_0") AS "dual_0",
        SUM("t10"."enrolled_1") AS "enrolled_1",
        SUM("t10"."dual_1") AS "dual_1"
      FROM "t9" AS "t10"
      GROUP BY
        1
    ) AS "t13"
  ) AS "t16"
) AS "t17"
