"""The student-data readers as they were before the single pass: test references."""
