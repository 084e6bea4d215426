"""Outcome records (strand 1): assessments on outcome instruments at time points, children's
health facts and carers' progress, recorded from the family's record by its centre's staff."""
