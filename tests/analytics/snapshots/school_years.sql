SELECT DISTINCT
  "t0"."school_year"
FROM "attempts" AS "t0"
ORDER BY
  "t0"."school_year" ASC
