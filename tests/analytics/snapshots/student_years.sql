SELECT
  "t0"."student_id" AS "sid",
  "t0"."school_year",
  MAX(CASE WHEN "t0"."dual_credit" THEN 1 ELSE 0 END) AS "any_dual"
FROM "attempts" AS "t0"
GROUP BY
  1,
  2
