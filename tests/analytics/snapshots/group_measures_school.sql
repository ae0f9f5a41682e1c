WITH "t8" AS (
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
    "t2"."student_key",
    COALESCE("t7"."dual_attempts", 0) > 0 AS "participant",
    COALESCE("t7"."dual_completed", 0) AS "courses_completed",
    COALESCE("t7"."dual_success", 0) AS "courses_success",
    COALESCE("t7"."dual_credits_attempted", 0.0) AS "credits_attempted",
    COALESCE("t7"."dual_credits_earned", 0.0) AS "credits_earned",
    "t2"."cohort" = 2027 AS "in_cohort",
    COALESCE("t7"."dual_credits_hs", 0.0) AS "credits_hs",
    CASE WHEN (
      COALESCE("t5"."years_mask", 0) & 1
    ) <> 0 THEN 1 ELSE 0 END AS "enrolled_0",
    CASE WHEN (
      COALESCE("t5"."years_mask", 0) & 2
    ) <> 0 THEN 1 ELSE 0 END AS "dual_0",
    CASE WHEN (
      COALESCE("t5"."years_mask", 0) & 4
    ) <> 0 THEN 1 ELSE 0 END AS "enrolled_1",
    CASE WHEN (
      COALESCE("t5"."years_mask", 0) & 8
    ) <> 0 THEN 1 ELSE 0 END AS "dual_1"
  FROM "students" AS "t2"
  LEFT OUTER JOIN (
    SELECT
      "t3"."student_key" AS "sid",
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
  ) AS "t7"
    ON "t2"."student_key" = "t7"."sid"
  LEFT OUTER JOIN (
    SELECT
      "t1"."student_key" AS "ysid",
      BIT_OR(
        CASE WHEN "t1"."year_key" = 2025 THEN 1 WHEN "t1"."year_key" = 2026 THEN 4 ELSE 0 END * CASE WHEN "t1"."dual_credit" THEN 3 ELSE 1 END
      ) AS "years_mask"
    FROM "attempts" AS "t1"
    GROUP BY
      1
  ) AS "t5"
    ON "t2"."student_key" = "t5"."ysid"
), "t11" AS (
  SELECT
    "t9"."district",
    "t9"."school",
    COUNT(*) AS "enrolled",
    SUM(CASE WHEN "t9"."participant" THEN 1 ELSE 0 END) AS "participants",
    SUM("t9"."courses_completed") AS "courses_completed",
    SUM("t9"."courses_success") AS "courses_success",
    SUM(CASE WHEN "t9"."in_cohort" THEN 1 ELSE 0 END) AS "cohort_students",
    SUM(CASE WHEN "t9"."in_cohort" AND (
      "t9"."credits_hs" >= 12
    ) THEN 1 ELSE 0 END) AS "cohort_12plus",
    SUM(CASE WHEN "t9"."credentials" > 0 THEN 1 ELSE 0 END) AS "credentialed",
    SUM("t9"."credits_attempted") AS "credits_attempted",
    SUM("t9"."credits_earned") AS "credits_earned",
    SUM(CASE WHEN "t9"."in_cohort" THEN "t9"."credits_hs" ELSE 0.0 END) AS "cohort_credits",
    SUM("t9"."enrolled_0") AS "enrolled_0",
    SUM("t9"."dual_0") AS "dual_0",
    SUM("t9"."enrolled_1") AS "enrolled_1",
    SUM("t9"."dual_1") AS "dual_1"
  FROM "t8" AS "t9"
  GROUP BY
    1,
    2
)
SELECT
  *
FROM (
  SELECT
    'school' AS "dimension",
    "t14"."group",
    "t14"."enrolled",
    "t14"."participants",
    "t14"."courses_completed",
    "t14"."courses_success",
    "t14"."cohort_students",
    "t14"."cohort_12plus",
    "t14"."credentialed",
    "t14"."credits_attempted",
    "t14"."credits_earned",
    "t14"."cohort_credits",
    "t14"."enrolled_0",
    "t14"."dual_0",
    "t14"."enrolled_1",
    "t14"."dual_1"
  FROM (
    SELECT
      "t12"."school" AS "group",
      SUM("t12"."enrolled") AS "enrolled",
      SUM("t12"."participants") AS "participants",
      SUM("t12"."courses_completed") AS "courses_completed",
      SUM("t12"."courses_success") AS "courses_success",
      SUM("t12"."cohort_students") AS "cohort_students",
      SUM("t12"."cohort_12plus") AS "cohort_12plus",
      SUM("t12"."credentialed") AS "credentialed",
      SUM("t12"."credits_attempted") AS "credits_attempted",
      SUM("t12"."credits_earned") AS "credits_earned",
      SUM("t12"."cohort_credits") AS "cohort_credits",
      SUM("t12"."enrolled_0") AS "enrolled_0",
      SUM("t12"."dual_0") AS "dual_0",
      SUM("t12"."enrolled_1") AS "enrolled_1",
      SUM("t12"."dual_1") AS "dual_1"
    FROM "t11" AS "t12"
    GROUP BY
      1
  ) AS "t14"
) AS "t16"
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
      "t10"."enrolled",
      "t10"."participants",
      "t10"."courses_completed",
      "t10"."courses_success",
      "t10"."cohort_students",
      "t10"."cohort_12plus",
      "t10"."credentialed",
      "t10"."credits_attempted",
      "t10"."credits_earned",
      "t10"."cohort_credits",
      "t10"."enrolled_0",
      "t10"."dual_0",
      "t10"."enrolled_1",
      "t10"."dual_1"
    FROM (
      SELECT
        COUNT(*) AS "enrolled",
        SUM(CASE WHEN "t9"."participant" THEN 1 ELSE 0 END) AS "participants",
        SUM("t9"."courses_completed") AS "courses_completed",
        SUM("t9"."courses_success") AS "courses_success",
        SUM(CASE WHEN "t9"."in_cohort" THEN 1 ELSE 0 END) AS "cohort_students",
        SUM(CASE WHEN "t9"."in_cohort" AND (
          "t9"."credits_hs" >= 12
        ) THEN 1 ELSE 0 END) AS "cohort_12plus",
        SUM(CASE WHEN "t9"."credentials" > 0 THEN 1 ELSE 0 END) AS "credentialed",
        SUM("t9"."credits_attempted") AS "credits_attempted",
        SUM("t9"."credits_earned") AS "credits_earned",
        SUM(CASE WHEN "t9"."in_cohort" THEN "t9"."credits_hs" ELSE 0.0 END) AS "cohort_credits",
        SUM("t9"."enrolled_0") AS "enrolled_0",
        SUM("t9"."dual_0") AS "dual_0",
        SUM("t9"."enrolled_1") AS "enrolled_1",
        SUM("t9"."dual_1") AS "dual_1"
      FROM "t8" AS "t9"
    ) AS "t10"
  ) AS "t13"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      'district' AS "dimension",
      "t15"."group",
      "t15"."enrolled",
      "t15"."participants",
      "t15"."courses_completed",
      "t15"."courses_success",
      "t15"."cohort_students",
      "t15"."cohort_12plus",
      "t15"."credentialed",
      "t15"."credits_attempted",
      "t15"."credits_earned",
      "t15"."cohort_credits",
      "t15"."enrolled_0",
      "t15"."dual_0",
      "t15"."enrolled_1",
      "t15"."dual_1"
    FROM (
      SELECT
        "t12"."district" AS "group",
        SUM("t12"."enrolled") AS "enrolled",
        SUM("t12"."participants") AS "participants",
        SUM("t12"."courses_completed") AS "courses_completed",
        SUM("t12"."courses_success") AS "courses_success",
        SUM("t12"."cohort_students") AS "cohort_students",
        SUM("t12"."cohort_12plus") AS "cohort_12plus",
        SUM("t12"."credentialed") AS "credentialed",
        SUM("t12"."credits_attempted") AS "credits_attempted",
        SUM("t12"."credits_earned") AS "credits_earned",
        SUM("t12"."cohort_credits") AS "cohort_credits",
        SUM("t12"."enrolled_0") AS "enrolled_0",
        SUM("t12"."dual_0") AS "dual_0",
        SUM("t12"."enrolled_1") AS "enrolled_1",
        SUM("t12"."dual_1") AS "dual_1"
      FROM "t11" AS "t12"
      GROUP BY
        1
    ) AS "t15"
  ) AS "t17"
) AS "t18"
