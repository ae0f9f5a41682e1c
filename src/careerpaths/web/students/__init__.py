"""Student records (FERPA-protected), counselors' caseloads and the access log."""
