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
