"""Targeted work with families: cases, caseloads and family plans (strand 4)."""
